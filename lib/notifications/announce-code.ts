// Job: announce a new code to every verified shopper who has not opted out, globally or of the
// code's brand (event discount/code.created; past the brand's daily cap none is written: create-code.ts).
// Shoppers are paged by a keyset cursor on their id, 1,000 per page; each page is claimed in one
// statement, sent in batch calls of ≤ 100 (several in flight) and confirmed in one statement
// (deliveries.ts), so a retried or restarted job never emails anyone twice. The template is
// rendered once per announcement (lib/mail/render.ts). announceCodeBatch is one page — an Inngest step;
// announceCode loops over all of them (the in-process worker).
import { and, asc, eq, gt, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import type { Db } from "../db";
import { brandOptOuts, brands, discountCodes, discountRules, emailDeliveries, users } from "../db/schema";
import { batchesOf, claimDeliveries, pendingDeliveries, SEND_CONCURRENCY, sendBatches, sendClaimed, skipDeliveries, type OutgoingEmail } from "./deliveries";
import { eligibleShopperIds } from "../discounts/eligibility";
import { ruleOf, type Rule } from "../discounts/rules";
import { ruleOffWords, ruleTermsWords } from "../cart/rule-words";
import { announcementRenderer, type AnnouncedCode, type Recipient } from "./messages";
import { JobInterrupted, type NotificationPorts } from "./ports";

export const ANNOUNCEMENT_TEMPLATE = "code-announcement";

/** Shoppers per page (one announceCodeBatch, one Inngest step) unless the ports say otherwise. */
export const PAGE_SIZE = 1000;
/** The largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 5000;

export interface AnnounceBatchInput {
  codeId: string;
  /** The last shopper id of the previous batch; null to start. */
  after: string | null;
}

export interface AnnounceBatchResult {
  /** Emails sent by this call (a recovered batch included). */
  sent: number;
  /** True when this call re-sent a batch an earlier attempt claimed but did not confirm. */
  recovered: boolean;
  /** Where the next batch starts. */
  nextCursor: string | null;
  done: boolean;
  /** Why nothing was (or will be) sent: the precondition of the job is gone. */
  skipped?: "code_not_found" | "code_expired";
}

export const announcementJobKey = (codeId: string) => `code.created:${codeId}`;
const dedupeKeyOf = (codeId: string, userId: string) => `code.created:${codeId}:${userId}`;
const userIdOf = (dedupeKey: string) => dedupeKey.slice(dedupeKey.lastIndexOf(":") + 1);

/** The code as an announcement shows it (offer, terms, window) with its eligibility; null when gone. */
async function loadAnnouncedCode(db: Db, codeId: string): Promise<(AnnouncedCode & { eligibility: Rule["eligibility"] }) | null> {
  const [row] = await db
    .select({
      brandId: discountCodes.brandId,
      code: discountCodes.code,
      rule: discountRules,
      brandName: brands.name,
      validFrom: discountCodes.validFrom,
      validUntil: discountCodes.validUntil,
    })
    .from(discountCodes)
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    .where(eq(discountCodes.id, codeId));
  if (!row) return null;
  const { rule: ruleRow, ...rest } = row;
  const rule = ruleOf(ruleRow);
  return { ...rest, offer: ruleOffWords(rule), terms: ruleTermsWords(rule, { brandName: row.brandName }), eligibility: rule.eligibility };
}

/**
 * The next shoppers after `after` who want announcements — verified address, not opted out
 * globally nor of this brand — and have no delivery row for this code.
 */
async function nextPage(
  db: Db,
  {
    codeId,
    brandId,
    after,
    limit,
    eligibility,
  }: { codeId: string; brandId: string; after: string | null; limit: number; eligibility: Rule["eligibility"] },
): Promise<Recipient[]> {
  const prefix = `code.created:${codeId}:`;
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.role, "shopper"),
        eq(users.notifyNewCodes, true),
        isNotNull(users.emailVerified),
        after ? gt(users.id, after) : undefined,
        // A code for a user group (API.md part 2) is announced only to shoppers in it.
        eligibility ? sql`${users.id} in ${eligibleShopperIds(brandId, eligibility)}` : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(brandOptOuts)
            .where(and(eq(brandOptOuts.brandId, brandId), eq(brandOptOuts.userId, users.id))),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(emailDeliveries)
            .where(eq(emailDeliveries.dedupeKey, sql`${prefix} || ${users.id}`)),
        ),
      ),
    )
    .orderBy(asc(users.id))
    .limit(limit);
}

async function recipientsById(db: Db, ids: string[]): Promise<Map<string, Recipient>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function announceCodeBatch(ports: NotificationPorts, input: AnnounceBatchInput): Promise<AnnounceBatchResult> {
  const { db, mailer } = ports;
  const { codeId, after } = input;
  const jobKey = announcementJobKey(codeId);
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(ports.pageSize ?? PAGE_SIZE)));
  // The local mailbox writes to the database itself: on PGlite, calls in flight at once would
  // only queue there back to back (holding the event loop for all of them), so one at a time.
  const send = { concurrency: ports.sendConcurrency ?? (mailer.kind === "mailbox" ? 1 : SEND_CONCURRENCY) };
  const [code, pending] = await Promise.all([loadAnnouncedCode(db, codeId), pendingDeliveries(db, jobKey)]);

  if (!code || code.validUntil.getTime() <= ports.clock().getTime()) {
    const skipped = code ? "code_expired" : "code_not_found";
    await skipDeliveries(db, { dedupeKeys: pending.map((p) => p.dedupeKey), reason: skipped });
    return { sent: 0, recovered: false, nextCursor: null, done: true, skipped };
  }
  const render = await announcementRenderer(code, ports);

  // Batches an earlier attempt claimed but never confirmed: send exactly them again, first. They
  // are cut and keyed from every pending row, so each gets the key it was (maybe) sent under
  // before, even when a recipient has gone since (dropped from its batch, not re-cut).
  if (pending.length > 0) {
    const people = await recipientsById(db, pending.map((p) => userIdOf(p.dedupeKey)));
    const gone = pending.filter((p) => !people.has(userIdOf(p.dedupeKey)));
    await skipDeliveries(db, { dedupeKeys: gone.map((p) => p.dedupeKey), reason: "recipient_gone" });
    const batches = batchesOf(
      jobKey,
      pending.map((p) => {
        const person = people.get(userIdOf(p.dedupeKey));
        return { dedupeKey: p.dedupeKey, message: person ? { ...render(person), to: p.to } : null };
      }),
    ).map((b) => ({ ...b, emails: b.emails.filter((e): e is OutgoingEmail => e.message !== null) }));
    const sent = await sendBatches({ db, mailer }, { batches, ...send });
    return { sent, recovered: true, nextCursor: after, done: false };
  }

  const page = await nextPage(db, { codeId, brandId: code.brandId, after, limit, eligibility: code.eligibility });
  const nextCursor = page.at(-1)?.id ?? after;
  const claimed = await claimDeliveries(db, {
    jobKey,
    template: ANNOUNCEMENT_TEMPLATE,
    items: page.map((r) => ({ dedupeKey: dedupeKeyOf(codeId, r.id), to: r.email })),
  });
  const emails = page
    .filter((r) => claimed.has(dedupeKeyOf(codeId, r.id)))
    .map((r) => ({ dedupeKey: dedupeKeyOf(codeId, r.id), message: render(r) }));
  const sent = await sendClaimed({ db, mailer }, { jobKey, emails, ...send });
  return { sent, recovered: false, nextCursor, done: page.length < limit };
}

export interface AnnounceOptions {
  /** Checked between batches: stop there (JobInterrupted) when aborted. */
  signal?: AbortSignal;
  onBatch?: (r: AnnounceBatchResult) => void | Promise<void>;
}

/** Every batch, one after the other (the in-process worker's way to run the job). */
export async function announceCode(
  ports: NotificationPorts,
  { codeId }: { codeId: string },
  opts: AnnounceOptions = {},
): Promise<{ sent: number; batches: number; skipped?: AnnounceBatchResult["skipped"] }> {
  let after: string | null = null;
  let sent = 0;
  for (let batches = 1; ; batches++) {
    if (opts.signal?.aborted) throw new JobInterrupted();
    const r = await announceCodeBatch(ports, { codeId, after });
    sent += r.sent;
    await opts.onBatch?.(r);
    if (r.done) return { sent, batches, ...(r.skipped ? { skipped: r.skipped } : {}) };
    after = r.nextCursor;
    // PGlite answers on the microtask queue: without a macrotask break, a long fan-out in the
    // server process would starve timers and HTTP requests until it finished.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
