// At most one email per dedupe key, and no email lost: the bookkeeping every notification job
// shares (email_deliveries).
//   1. claim   — insert the rows (provider_message_id null) before sending; a key that already
//                has a row is someone else's (or already sent) and is skipped.
//   2. send    — ≤ 100 per call (a page's calls several at once), with an idempotency key derived
//                from stable ids only: the job key (an event's code or usage id) and the batch's
//                dedupe keys (recipient ids).
//   3. confirm — store the provider's message ids.
// Claim and confirm are one statement each for a whole page, whatever its size.
// A job that dies between 1 and 3 leaves batches claimed-but-unconfirmed; the next attempt —
// maybe on another instance, with another APP_URL, re-rendered — finds them (pendingDeliveries) and
// sends exactly those batches again, with the same idempotency key, so the provider (Resend, or the
// local mailbox) delivers it once. Rendered content never enters a key: Resend answers a replay
// whose content changed with 409 invalid_idempotent_request, which means it was sent already.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { executeRows, type Db } from "../db";
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

/**
 * Inserts a row per key, all in one statement (a page of 1,000 is one round trip); returns the
 * keys this call claimed (the others had a row already).
 */
export async function claimDeliveries(
  db: Db,
  { jobKey, template, items }: { jobKey: string; template: string; items: readonly PendingDelivery[] },
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = await executeRows<{ dedupe_key: string }>(
    db,
    sql`insert into ${emailDeliveries} (dedupe_key, job_key, "to", template)
        select k, ${jobKey}, t, ${template} from unnest(${textArray(items.map((i) => i.dedupeKey))}, ${textArray(items.map((i) => i.to))}) as v(k, t)
        on conflict (dedupe_key) do nothing
        returning dedupe_key`,
  );
  return new Set(rows.map((r) => r.dedupe_key));
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

/** A text[] parameter: one bound value however many elements (no 65,535-parameter ceiling). */
function textArray(values: readonly string[]) {
  return sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`}::text[]`;
}

/** Stores the provider's ids of a whole page in one statement. */
async function confirm(db: Db, pairs: readonly { dedupeKey: string; id: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await db.execute(
    sql`update ${emailDeliveries} set provider_message_id = v.id
        from unnest(${textArray(pairs.map((p) => p.dedupeKey))}, ${textArray(pairs.map((p) => p.id))}) as v(key, id)
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

/** How many batch calls of one page may be in flight at once (default). */
export const SEND_CONCURRENCY = 4;

/** One batch call (≤ 100), its refusals resolved: the provider's id (or `failed:…`) per email. */
async function sendChunk(mailer: Mailer, { idempotencyKey, emails: batch }: OutgoingBatch): Promise<string[]> {
  if (batch.length === 1) return [await sendOne(mailer, batch[0]!, idempotencyKey)];
  try {
    return (await mailer.sendBatch(batch.map((e) => e.message), { idempotencyKey })).ids;
  } catch (err) {
    if (alreadySentUnderKey(err)) return batch.map(() => ALREADY_SENT);
    if (!refusedAsInvalid(err)) throw err;
    // Resend validates a batch as a whole: one bad address refuses all of it. Send them one
    // by one (each with its own stable key) to deliver the rest and pin down the bad ones.
    const ids: string[] = [];
    for (const e of batch) {
      const key = `${idempotencyKey}/${createHash("sha256").update(e.dedupeKey).digest("hex").slice(0, 16)}`;
      ids.push(await sendOne(mailer, e, key));
    }
    return ids;
  }
}

/**
 * Sends claimed emails in batch calls of ≤ 100 — up to `concurrency` calls in flight — and
 * confirms them all in one statement. Returns how many the provider accepted (a batch it had
 * accepted before under the same key included).
 *
 * The calls are the sorted keys cut into hundreds, so the batches — and their idempotency keys —
 * depend only on which rows are claimed: a later attempt that finds some of them still pending
 * cuts those into the very same batches (whole batches are confirmed or not, each full but the
 * last), and the provider deduplicates each by its key.
 *
 * When a call fails, no further call starts; those in flight finish and every batch that went
 * out is confirmed before the error is thrown (the job retries; only the failed and the unsent
 * batches are left pending). A message the provider refuses as invalid is recorded as
 * `failed:<reason>` and never retried.
 */
export async function sendClaimed(
  ports: SendPorts,
  { jobKey, emails, concurrency }: { jobKey: string; emails: readonly OutgoingEmail[]; concurrency?: number },
): Promise<number> {
  return sendBatches(ports, { batches: batchesOf(jobKey, emails), concurrency });
}

/** Where claimed emails go out (the mailer) and are confirmed (the database). */
export interface SendPorts {
  db: Db;
  mailer: Mailer;
}

/** A batch call: its emails and the idempotency key it is sent under. */
export interface OutgoingBatch<T extends Pick<OutgoingEmail, "dedupeKey"> = OutgoingEmail> {
  idempotencyKey: string;
  emails: T[];
}

/** Sorted by dedupe key and cut into hundreds: the batches (and keys) of a set of claimed rows. */
export function batchesOf<T extends Pick<OutgoingEmail, "dedupeKey">>(jobKey: string, items: readonly T[]): OutgoingBatch<T>[] {
  const sorted = [...items].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0));
  const out: OutgoingBatch<T>[] = [];
  for (let i = 0; i < sorted.length; i += MAX_BATCH) {
    const emails = sorted.slice(i, i + MAX_BATCH);
    out.push({ idempotencyKey: batchIdempotencyKey(jobKey, emails), emails });
  }
  return out;
}

/** sendClaimed for batches already cut (a recovery keys them by every pending row, sent or not). */
export async function sendBatches(
  { db, mailer }: SendPorts,
  { batches, concurrency = SEND_CONCURRENCY }: { batches: readonly OutgoingBatch[]; concurrency?: number },
): Promise<number> {
  const todo = batches.filter((b) => b.emails.length > 0);
  const done: { dedupeKey: string; id: string }[] = [];
  let failure: { error: unknown } | null = null;
  let next = 0;
  const lane = async () => {
    while (!failure && next < todo.length) {
      // PGlite (the mailbox on the embedded default) answers on the microtask queue: a macrotask
      // break per call keeps a page from holding the server's timers and requests for its length.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (failure || next >= todo.length) break;
      const batch = todo[next++]!;
      try {
        const ids = await sendChunk(mailer, batch);
        batch.emails.forEach((e, j) => done.push({ dedupeKey: e.dedupeKey, id: ids[j]! }));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, todo.length)) }, lane));
  await confirm(db, done);
  if (failure) throw (failure as { error: unknown }).error;
  return done.filter((d) => !d.id.startsWith("failed:")).length;
}

/** Closes claimed rows that will never be sent (the recipient or the code is gone). */
export async function skipDeliveries(db: Db, { dedupeKeys, reason }: { dedupeKeys: readonly string[]; reason: string }): Promise<void> {
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
export async function pruneDeliveries(
  db: Db,
  { now, retentionMs = DELIVERY_RETENTION_MS, batch = 5000 }: { now: Date; retentionMs?: number; batch?: number },
): Promise<number> {
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
