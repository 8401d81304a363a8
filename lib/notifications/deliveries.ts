// At most one email per dedupe key, and no email lost: the bookkeeping every notification job
// shares (email_deliveries).
//   1. claim   — insert the rows (provider_message_id null) before sending; a key that already
//                has a row is someone else's (or already sent) and is skipped.
//   2. send    — ≤ 100 per call, with an idempotency key derived from the batch itself.
//   3. confirm — store the provider's message ids.
// A job that dies between 1 and 3 leaves its batch claimed-but-unconfirmed; the next attempt
// finds it (pendingDeliveries) and sends exactly that batch again, with the same idempotency
// key, so the provider (Resend, or the local mailbox) delivers it once.
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

/** The same batch (keys and content) always gets the same key; any change gets another. */
export function batchIdempotencyKey(jobKey: string, emails: readonly OutgoingEmail[]): string {
  const h = createHash("sha256").update(jobKey);
  for (const e of emails) h.update("\u0000").update(e.dedupeKey).update("\u0000").update(JSON.stringify(e.message));
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

async function sendOne(mailer: Mailer, e: OutgoingEmail, idempotencyKey: string): Promise<string> {
  try {
    return (await mailer.send(e.message, { idempotencyKey })).id;
  } catch (err) {
    if (refusedAsInvalid(err)) return `failed:${err.providerCode ?? "invalid"}`;
    throw err;
  }
}

/**
 * Sends claimed emails in batches of ≤ 100 (one call each) and confirms each batch. Returns how
 * many the provider accepted. Errors worth retrying are thrown (the job retries); a message the
 * provider refuses as invalid is recorded as `failed:<reason>` and never retried.
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
        if (!refusedAsInvalid(err)) throw err;
        // Resend validates a batch as a whole: one bad address refuses all of it. Send them one
        // by one (each with its own stable key) to deliver the rest and pin down the bad ones.
        ids = [];
        for (const e of batch) {
          const key = `${idempotencyKey}/${createHash("sha256").update(e.dedupeKey).digest("hex").slice(0, 16)}`;
          ids.push(await sendOne(mailer, e, key));
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
