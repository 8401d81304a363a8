// The outbox's bookkeeping, shared by the in-process worker and the Inngest relay. A row is
// claimed by setting `locked_until` (rows locked FOR UPDATE SKIP LOCKED while claiming, so two
// claimers never take the same row); the lock doubles as the claim's token: renewing, marking
// published and releasing all require the same `locked_until`, so a worker whose lock expired
// and was taken over can no longer touch the row.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { outboxEvents, type OutboxEvent } from "../db/schema";

export interface Claimed extends OutboxEvent {
  lockedUntil: Date;
}

export interface ClaimOptions {
  now: Date;
  /** How long the claim holds before another worker may take the row. */
  lockMs: number;
  limit: number;
  /** Only these rows (a dispatch right after commit); otherwise any available row. */
  ids?: number[];
}

/** Claims up to `limit` unpublished rows that are due and not locked by anyone else. */
export async function claimEvents(db: Db, o: ClaimOptions): Promise<Claimed[]> {
  if (o.ids && o.ids.length === 0) return [];
  const lockedUntil = new Date(o.now.getTime() + o.lockMs);
  const due = db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(
      and(
        isNull(outboxEvents.publishedAt),
        lte(outboxEvents.availableAt, o.now),
        or(isNull(outboxEvents.lockedUntil), lt(outboxEvents.lockedUntil, o.now)),
        o.ids ? inArray(outboxEvents.id, o.ids) : undefined,
      ),
    )
    .orderBy(asc(outboxEvents.availableAt), asc(outboxEvents.id))
    .limit(o.limit)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(outboxEvents)
    .set({ lockedUntil, attempts: sql`${outboxEvents.attempts} + 1` })
    .where(inArray(outboxEvents.id, due))
    .returning();
  return rows.map((r) => ({ ...r, lockedUntil })).sort((a, b) => a.id - b.id);
}

const held = (e: Claimed) => and(eq(outboxEvents.id, e.id), eq(outboxEvents.lockedUntil, e.lockedUntil));

/** Extends a claim; false when it was lost (expired and taken over). Updates `e.lockedUntil`. */
export async function renewClaim(db: Db, e: Claimed, now: Date, lockMs: number): Promise<boolean> {
  const next = new Date(Math.max(now.getTime() + lockMs, e.lockedUntil.getTime() + 1));
  const rows = await db.update(outboxEvents).set({ lockedUntil: next }).where(held(e)).returning({ id: outboxEvents.id });
  if (rows.length === 0) return false;
  e.lockedUntil = next;
  return true;
}

/** Done: never handed out again. False when the claim was lost meanwhile. */
export async function markPublished(db: Db, e: Claimed, now: Date): Promise<boolean> {
  const rows = await db
    .update(outboxEvents)
    .set({ publishedAt: now, lockedUntil: null, lastError: null })
    .where(held(e))
    .returning({ id: outboxEvents.id });
  return rows.length > 0;
}

/** Failed: try again after `retryInMs`, keeping the error for operators. */
export async function markFailed(db: Db, e: Claimed, now: Date, error: unknown, retryInMs: number): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await db
    .update(outboxEvents)
    .set({ lockedUntil: null, lastError: message.slice(0, 2000), availableAt: new Date(now.getTime() + retryInMs) })
    .where(held(e));
}

/** Hands the row back untouched (the worker is stopping): available again at once. */
export async function releaseClaim(db: Db, e: Claimed): Promise<void> {
  await db
    .update(outboxEvents)
    .set({ lockedUntil: null, attempts: sql`greatest(${outboxEvents.attempts} - 1, 0)` })
    .where(held(e));
}

/** Exponential back-off per failed attempt: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number, baseMs = 1000, capMs = 10 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
