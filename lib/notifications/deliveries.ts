// At most one email per dedupe key, and no email lost: the bookkeeping every notification job
// shares (email_deliveries).
//   1. claim   — insert the rows (provider_message_id null) before sending; a key that already
//                has a row is someone else's (or already sent) and is skipped.
//   2. send    — ≤ 100 per call, with an idempotency key derived from stable ids only: the job
//                key (an event's code or usage id) and the batch's dedupe keys (recipient ids).
//   3. confirm — store the provider's message ids.
// A job that dies between 1 and 3 leaves its batch claimed-but-unconfirmed; the next attempt —
// maybe on another instance, with another APP_URL, re-rendered — finds it (pendingDeliveries) and
// sends exactly that batch again, with the same idempotency key, so the provider (Resend, or the
// local mailbox) delivers it once. Rendered content never enters a key: Resend answers a replay
// whose content changed with 409 invalid_idempotent_request, which means it was sent already.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { emailDeliveries } from "../db/schema";
import { MAX_BATCH, MailDeliveryError, type Mailer, type MailMessage } from "../mail/types";

export interface OutgoingEmail {
  dedupeKey: string;
  message: MailMessage;
}

export interface PendingDelivery {
  dedupeKey: string;
  to: string;
}

/** Inserts a row per key; returns the keys this call claimed (the others had a row already). */
export async function claimDeliveries(
  db: Db,
  jobKey: string,
  template: string,
  items: readonly PendingDelivery[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await db
    .insert(emailDeliveries)
    .values(items.map((i) => ({ dedupeKey: i.dedupeKey, jobKey, to: i.to, template })))
    .onConflictDoNothing({ target: emailDeliveries.dedupeKey })
    .returning({ dedupeKey: emailDeliveries.dedupeKey });
  return new Set(rows.map((r) => r.dedupeKey));
}

/** This job's rows that were claimed but never confirmed, in key order. */
export async function pendingDeliveries(db: Db, jobKey: string): Promise<PendingDelivery[]> {
  return db
    .select({ dedupeKey: emailDeliveries.dedupeKey, to: emailDeliveries.to })
    .from(emailDeliveries)
    .where(and(eq(emailDeliveries.jobKey, jobKey), isNull(emailDeliveries.providerMessageId)))
    .orderBy(asc(emailDeliveries.dedupeKey));
}

/**
 * The same batch of recipients always gets the same key, whatever it renders to (links carry
 * APP_URL, which may differ between instances); another set of recipients gets another key.
 */
export function batchIdempotencyKey(jobKey: string, emails: readonly Pick<OutgoingEmail, "dedupeKey">[]): string {
  const h = createHash("sha256").update(jobKey);
  for (const k of emails.map((e) => e.dedupeKey).sort()) h.update("\u0000").update(k);
  return `${jobKey}:${h.digest("hex").slice(0, 40)}`;
}

async function confirm(db: Db, pairs: { dedupeKey: string; id: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  const values = sql.join(
    pairs.map((p) => sql`(${p.dedupeKey}, ${p.id})`),
    sql`, `,
  );
  await db.execute(
    sql`update ${emailDeliveries} set provider_message_id = v.id
        from (values ${values}) as v(key, id)
        where ${emailDeliveries.dedupeKey} = v.key`,
  );
}

/**
 * The provider refused the message itself (Resend: 422 validation_error, e.g. a malformed
 * address). Retrying cannot help, and it must not hold up everyone else's email.
 */
function refusedAsInvalid(e: unknown): e is MailDeliveryError {
  return e instanceof MailDeliveryError && !e.retryable && e.status === 422;
}

/**
 * Resend: this idempotency key was used (within 24 h) for a request with other content — an
 * earlier attempt sent this very batch, rendered differently. It went out; do not send it again.
 */
function alreadySentUnderKey(e: unknown): e is MailDeliveryError {
  return e instanceof MailDeliveryError && e.status === 409 && e.providerCode === "invalid_idempotent_request";
}

/** What a delivery row records when the provider says the batch went out under its key before. */
const ALREADY_SENT = "sent:idempotent-replay";

async function sendOne(mailer: Mailer, e: OutgoingEmail, idempotencyKey: string): Promise<string> {
  try {
    return (await mailer.send(e.message, { idempotencyKey })).id;
  } catch (err) {
    if (refusedAsInvalid(err)) return `failed:${err.providerCode ?? "invalid"}`;
    if (alreadySentUnderKey(err)) return ALREADY_SENT;
    throw err;
  }
}

/**
 * Sends claimed emails in batches of ≤ 100 (one call each) and confirms each batch. Returns how
 * many the provider accepted (a batch it had accepted before under the same key included).
 * Errors worth retrying are thrown (the job retries); a message the provider refuses as invalid
 * is recorded as `failed:<reason>` and never retried.
 */
export async function sendClaimed(db: Db, mailer: Mailer, jobKey: string, emails: readonly OutgoingEmail[]): Promise<number> {
  const sorted = [...emails].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0));
  let accepted = 0;
  for (let i = 0; i < sorted.length; i += MAX_BATCH) {
    const batch = sorted.slice(i, i + MAX_BATCH);
    const idempotencyKey = batchIdempotencyKey(jobKey, batch);
    let ids: string[];
    if (batch.length === 1) {
      ids = [await sendOne(mailer, batch[0]!, idempotencyKey)];
    } else {
      try {
        ids = (await mailer.sendBatch(batch.map((e) => e.message), { idempotencyKey })).ids;
      } catch (err) {
        if (alreadySentUnderKey(err)) {
          ids = batch.map(() => ALREADY_SENT);
        } else if (refusedAsInvalid(err)) {
          // Resend validates a batch as a whole: one bad address refuses all of it. Send them one
          // by one (each with its own stable key) to deliver the rest and pin down the bad ones.
          ids = [];
          for (const e of batch) {
            const key = `${idempotencyKey}/${createHash("sha256").update(e.dedupeKey).digest("hex").slice(0, 16)}`;
            ids.push(await sendOne(mailer, e, key));
          }
        } else {
          throw err;
        }
      }
    }
    await confirm(
      db,
      batch.map((e, j) => ({ dedupeKey: e.dedupeKey, id: ids[j]! })),
    );
    accepted += ids.filter((id) => !id.startsWith("failed:")).length;
  }
  return accepted;
}

/** Closes claimed rows that will never be sent (the recipient or the code is gone). */
export async function skipDeliveries(db: Db, dedupeKeys: readonly string[], reason: string): Promise<void> {
  if (dedupeKeys.length === 0) return;
  await db
    .update(emailDeliveries)
    .set({ providerMessageId: `skipped:${reason}` })
    .where(and(inArray(emailDeliveries.dedupeKey, [...dedupeKeys]), isNull(emailDeliveries.providerMessageId)));
}

/** Delivery rows are kept this long (the dedupe record of a finished job). */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * Deletes delivery rows older than the retention whose job is finished: every row of the job
 * confirmed (or skipped), and no pending or failed outbox event that could run the job again
 * (a re-drive must still find whom it emailed). Batches of `batch`; returns how many.
 */
export async function pruneDeliveries(db: Db, now: Date, retentionMs = DELIVERY_RETENTION_MS, batch = 5000): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionMs).toISOString();
  let total = 0;
  for (;;) {
    const rows = await db
      .delete(emailDeliveries)
      .where(
        sql`${emailDeliveries.dedupeKey} in (
          select d.dedupe_key from email_deliveries d
          where d.created_at < ${cutoff}
            and d.provider_message_id is not null
            and not exists (select 1 from email_deliveries p where p.job_key = d.job_key and p.provider_message_id is null)
            and not exists (
              select 1 from outbox_events o
              where ((o.published_at is null and o.failed_at is null) or o.failed_at is not null)
                and d.job_key = case o.name
                  when 'discount/code.created' then 'code.created:' || (o.payload->>'codeId')
                  when 'discount/code.redeemed' then 'code.redeemed:' || (o.payload->>'usageId')
                end
            )
          limit ${batch})`,
      )
      .returning({ key: emailDeliveries.dedupeKey });
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
