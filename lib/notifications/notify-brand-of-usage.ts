// Job: tell a brand's admins that a shopper used one of the brand's codes (event
// discount/code.redeemed): who, which code, when, and the amounts. One email per admin, at most
// once (deliveries.ts), however often the event is delivered or the job retried.
import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db";
import { brandMembers, brands, discountCodes, discountRules, usageRecords, users } from "../db/schema";
import { ruleOf } from "../discounts/rules";
import { claimDeliveries, pendingDeliveries, sendClaimed, skipDeliveries, type OutgoingEmail } from "./deliveries";
import { ruleOffWords } from "../cart/rule-words";
import { renderUsageNotice, type Recipient } from "./messages";
import type { NotificationPorts } from "./ports";

export const USAGE_NOTICE_TEMPLATE = "usage-notice";

type NoticeEvent = "confirmed" | "reversed";
const keyPrefix = (event: NoticeEvent) => (event === "reversed" ? "usage.reversed" : "code.redeemed");
export const usageJobKey = (usageId: string, event: NoticeEvent = "confirmed") => `${keyPrefix(event)}:${usageId}`;
const dedupeKeyOf = (usageId: string, adminId: string, event: NoticeEvent) => `${keyPrefix(event)}:${usageId}:${adminId}`;
const userIdOf = (dedupeKey: string) => dedupeKey.slice(dedupeKey.lastIndexOf(":") + 1);

const shopper = alias(users, "shopper");

async function loadUsage(db: Db, usageId: string) {
  const [row] = await db
    .select({
      brandId: usageRecords.brandId,
      brandName: brands.name,
      code: discountCodes.code,
      percent: usageRecords.percent,
      rule: discountRules,
      reason: usageRecords.reversalReason,
      usedAt: usageRecords.usedAt,
      shopperName: shopper.name,
      shopperEmail: shopper.email,
      currency: usageRecords.currency,
      subtotal: usageRecords.subtotal,
      eligibleSubtotal: usageRecords.eligibleSubtotal,
      discountAmount: usageRecords.discountAmount,
      total: usageRecords.total,
    })
    .from(usageRecords)
    .innerJoin(discountCodes, eq(discountCodes.id, usageRecords.codeId))
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, usageRecords.brandId))
    .innerJoin(shopper, eq(shopper.id, usageRecords.userId))
    .where(eq(usageRecords.id, usageId));
  return row ?? null;
}

export interface NotifyBrandResult {
  sent: number;
  skipped?: "usage_not_found";
}

export async function notifyBrandOfUsage(
  ports: NotificationPorts,
  { usageId, event = "confirmed" }: { usageId: string; event?: NoticeEvent },
): Promise<NotifyBrandResult> {
  const { db, mailer } = ports;
  const jobKey = usageJobKey(usageId, event);
  const usage = await loadUsage(db, usageId);
  const pending = await pendingDeliveries(db, jobKey);
  if (!usage) {
    await skipDeliveries(db, { dedupeKeys: pending.map((p) => p.dedupeKey), reason: "usage_not_found" });
    return { sent: 0, skipped: "usage_not_found" };
  }

  const pricing =
    usage.currency !== null && usage.subtotal !== null && usage.eligibleSubtotal !== null && usage.discountAmount !== null && usage.total !== null
      ? {
          currency: usage.currency,
          subtotal: usage.subtotal,
          eligibleSubtotal: usage.eligibleSubtotal,
          discountAmount: usage.discountAmount,
          total: usage.total,
        }
      : null;
  const message = (admin: Recipient) =>
    renderUsageNotice({
      admin,
      appUrl: ports.appUrl,
      brandName: usage.brandName,
      shopperName: usage.shopperName,
      shopperEmail: usage.shopperEmail,
      code: usage.code,
      // The percentage at the moment of use (the record's), else the rule's terms.
      offer: usage.percent !== null ? `${usage.percent}% off` : ruleOffWords(ruleOf(usage.rule)),
      usedAt: usage.usedAt,
      pricing,
      event,
      reason: usage.reason,
    });

  const admins = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(eq(brandMembers.brandId, usage.brandId));

  // Whatever an earlier attempt claimed but did not confirm is sent again (same batch, same key);
  // then the admins not claimed yet.
  const pendingIds = pending.map((p) => userIdOf(p.dedupeKey));
  const pendingPeople = pendingIds.length
    ? await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, pendingIds))
    : [];
  const byId = new Map(pendingPeople.map((p) => [p.id, p]));
  await skipDeliveries(db, { dedupeKeys: pending.filter((p) => !byId.has(userIdOf(p.dedupeKey))).map((p) => p.dedupeKey), reason: "recipient_gone" });
  const recovered: OutgoingEmail[] = [];
  for (const p of pending) {
    const person = byId.get(userIdOf(p.dedupeKey));
    if (person) recovered.push({ dedupeKey: p.dedupeKey, message: { ...(await message(person)), to: p.to } });
  }
  let sent = await sendClaimed({ db, mailer }, { jobKey, emails: recovered });

  const claimed = await claimDeliveries(db, {
    jobKey,
    template: USAGE_NOTICE_TEMPLATE,
    items: admins.map((a) => ({ dedupeKey: dedupeKeyOf(usageId, a.id, event), to: a.email })),
  });
  const fresh: OutgoingEmail[] = [];
  for (const a of admins) {
    const dedupeKey = dedupeKeyOf(usageId, a.id, event);
    if (claimed.has(dedupeKey)) fresh.push({ dedupeKey, message: await message(a) });
  }
  sent += await sendClaimed({ db, mailer }, { jobKey, emails: fresh });
  return { sent };
}
