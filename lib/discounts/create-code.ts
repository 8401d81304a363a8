// Creating a code (POST /api/v1/discountcode and the dashboard): validate → insert the rule (or
// reuse one of the brand's rules), the code and an outbox row `discount/code.created` in ONE
// transaction → publish the event after commit (the announcement job emails shoppers).
//
// Brands prove who they are before they reach shoppers: a brand admin whose email is not verified
// gets 403 `email_unverified` (checked here, the one way to create a code: API and dashboard), and
// a brand's announcements are capped (ANNOUNCEMENTS_PER_BRAND_PER_DAY in any 24 h). The cap is
// decided in the creating transaction, under a lock on the brand's row, so concurrent creations
// cannot both take the last slot, and the answer can say `announced: false`.
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../db";
import { brands, discountCodes, rateLimitCounters, users } from "../db/schema";
import { DomainError } from "../errors";
import { enqueueEvent } from "../events/outbox";
import { codeIdOf } from "./code";
import { codeRecordOf, rememberCode, type CodeRecord } from "./code-cache";
import { codeLimitsView } from "./code-view";
import { fieldMessages } from "./messages";
import { resolveRule } from "./rules";
import type { Actor, DiscountPorts } from "./ports";
import type { CreateCodeBody, CreatedCode } from "./schemas";

const invalid = (path: string, message: string) =>
  new DomainError("validation_failed", `${path}: ${message}`, { errors: [{ path, message }] });

/** Default of ANNOUNCEMENTS_PER_BRAND_PER_DAY. */
export const DEFAULT_ANNOUNCEMENTS_PER_DAY = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreateCodeOptions {
  /** Codes of one brand announced to shoppers in any 24 h (env ANNOUNCEMENTS_PER_BRAND_PER_DAY). */
  announcementsPerDay?: number;
}

/**
 * Takes one of the brand's announcement slots, or says there is none left. A sliding 24 h log in
 * rate_limit_counters (key `announce:<brandId>`, one row per announcing instant, expiring after
 * 24 h): the brand's row is locked (FOR NO KEY UPDATE: foreign-key checks of other writers do not
 * wait) so count-then-record is one step per brand; the transaction's rollback returns the slot.
 */
async function takeAnnouncementSlot(tx: Tx, { brandId, now, perDay }: { brandId: string; now: Date; perDay: number }): Promise<boolean> {
  if (perDay <= 0) return false;
  await tx.select({ id: brands.id }).from(brands).where(eq(brands.id, brandId)).for("no key update");
  const key = `announce:${brandId}`;
  const since = new Date(now.getTime() - DAY_MS);
  await tx.delete(rateLimitCounters).where(and(eq(rateLimitCounters.key, key), lte(rateLimitCounters.expiresAt, now)));
  const [row] = await tx
    .select({ n: sql<number>`coalesce(sum(${rateLimitCounters.hits}), 0)::int` })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.key, key), gt(rateLimitCounters.windowStart, since)));
  if (Number(row?.n ?? 0) >= perDay) return false;
  await tx
    .insert(rateLimitCounters)
    .values({ key, windowStart: now, hits: 1, expiresAt: new Date(now.getTime() + DAY_MS) })
    .onConflictDoUpdate({
      target: [rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { hits: sql`${rateLimitCounters.hits} + 1` },
    });
  return true;
}

/** A brand admin must have verified their email before creating codes (403 `email_unverified`). */
export async function assertCreatorVerified(db: Db, userId: string): Promise<void> {
  // From the database, not the session: a link verified a moment ago counts at once.
  const [creator] = await db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, userId));
  if (!creator?.emailVerified) {
    throw new DomainError(
      "email_unverified",
      "Confirm your email address before creating codes: open the link we emailed you, or ask for a new one.",
    );
  }
}

export async function createCode(
  ports: Pick<DiscountPorts, "db" | "clock" | "events">,
  { actor, input, ...opts }: { actor: Actor; input: CreateCodeBody } & CreateCodeOptions,
): Promise<CreatedCode> {
  // "The brand created the discount code for itself."
  const brand = actor.brands.find((b) => b.id === (input.brandId ?? actor.brands[0]?.id));
  if (!brand) throw new DomainError("forbidden", "A brand can only create codes for itself.");
  const brandId = brand.id;
  await assertCreatorVerified(ports.db, actor.user.id);
  const now = ports.clock();
  const validFrom = input.validFrom ?? now;
  if (input.validUntil.getTime() <= now.getTime()) throw invalid("validUntil", fieldMessages.untilPast);
  if (input.validUntil.getTime() <= validFrom.getTime()) throw invalid("validUntil", fieldMessages.untilBeforeStart);

  const id = codeIdOf(input.code);
  const { record, outboxId, announced } = await ports.db.transaction(async (tx) => {
    // One of discount / ruleId / rule; another brand's rule answers like a missing one.
    const rule = await resolveRule(tx, { brandId, input, now });
    // ON CONFLICT keeps a duplicate from aborting the transaction into a 500; throwing rolls back
    // a rule inserted above.
    const [inserted] = await tx
      .insert(discountCodes)
      .values({
        id,
        code: input.code,
        ruleId: rule.id,
        brandId,
        validFrom,
        validUntil: input.validUntil,
        createdAt: now,
        createdBy: actor.user.id,
        maxRedemptions: input.maxRedemptions ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) {
      throw new DomainError("code_taken", `The code ${input.code} already exists.`, {
        errors: [{ path: "code", message: fieldMessages.codeTaken }],
      });
    }
    // Past the brand's daily cap the code is created but not announced: no event, no emails.
    const announced = await takeAnnouncementSlot(tx, { brandId, now, perDay: opts.announcementsPerDay ?? DEFAULT_ANNOUNCEMENTS_PER_DAY });
    const event = announced ? await enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: id, brandId } }) : null;
    const record: CodeRecord = codeRecordOf(inserted, { rule, brandName: brand.name });
    return { record, outboxId: event?.id ?? null, announced };
  });

  rememberCode(ports.db, record);
  if (outboxId !== null) ports.events.dispatch([outboxId]);
  return {
    id: record.id,
    code: record.code,
    discount: record.percent,
    ruleId: record.ruleId,
    brand: record.brand,
    validFrom: record.validFrom.toISOString(),
    validUntil: record.validUntil.toISOString(),
    createdAt: record.createdAt.toISOString(),
    status: validFrom.getTime() > now.getTime() ? "scheduled" : "active",
    ...codeLimitsView(record, 0),
    announced,
  };
}
