// The outbox's bookkeeping, shared by the in-process worker, the Inngest relay and the re-drive
// command. A row is claimed by setting `locked_until` (rows locked FOR UPDATE SKIP LOCKED while
// claiming, so two claimers never take the same row); the lock doubles as the claim's token:
// renewing, marking published and releasing all require the same `locked_until`, so a worker
// whose lock expired and was taken over can no longer touch the row.
//
// A row's life: pending (published_at and failed_at null) → published (the worker ran its job, or
// it was handed to Inngest) — or → failed (failed_at set: out of attempts, a permanent error, or
// Inngest's onFailure). Failed rows are never picked up again until `npm run outbox:redrive`
// re-queues them (redriveEvents); published rows are pruned after OUTBOX_RETENTION_MS.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { outboxEvents, type OutboxEvent } from "../db/schema";
import { describeError } from "../log";

/** Runs of one event's job before it is marked failed (the in-process worker). */
export const MAX_ATTEMPTS = 8;
/** Back-off after a failed attempt: RETRY_BASE_MS, doubling, capped at RETRY_CAP_MS. */
export const RETRY_BASE_MS = 15_000;
export const RETRY_CAP_MS = 10 * 60_000;
/** Back-off base after a failed publish to Inngest (the relay; no attempt limit, same cap). */
export const PUBLISH_RETRY_BASE_MS = 1000;
/** Published rows are deleted this long after publishing. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60_000;

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

/** Pending: neither published nor failed (the outbox_events_pending_idx predicate). */
const pending = () => and(isNull(outboxEvents.publishedAt), isNull(outboxEvents.failedAt));

/** Claims up to `limit` pending rows that are due and not locked by anyone else. */
export async function claimEvents(db: Db, o: ClaimOptions): Promise<Claimed[]> {
  if (o.ids && o.ids.length === 0) return [];
  const lockedUntil = new Date(o.now.getTime() + o.lockMs);
  const due = db
    .select({ id: outboxEvents.id })
    .from(outboxEvents)
    .where(
      and(
        pending(),
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
export async function renewClaim(db: Db, e: Claimed, { now, lockMs }: { now: Date; lockMs: number }): Promise<boolean> {
  const next = new Date(Math.max(now.getTime() + lockMs, e.lockedUntil.getTime() + 1));
  const rows = await db.update(outboxEvents).set({ lockedUntil: next }).where(held(e)).returning({ id: outboxEvents.id });
  if (rows.length === 0) return false;
  e.lockedUntil = next;
  return true;
}

/** Done: never handed out again. False when the claim was lost meanwhile. */
export async function markPublished(db: Db, e: Claimed, { now }: { now: Date }): Promise<boolean> {
  const rows = await db
    .update(outboxEvents)
    .set({ publishedAt: now, lockedUntil: null, lastError: null })
    .where(held(e))
    .returning({ id: outboxEvents.id });
  return rows.length > 0;
}

/**
 * Marks rows of one claimEvents() call published in one statement (they share its lease); returns
 * the ids still held, i.e. actually marked.
 */
export async function markAllPublished(db: Db, claimed: readonly Claimed[], { now }: { now: Date }): Promise<number[]> {
  const first = claimed[0];
  if (!first) return [];
  const rows = await db
    .update(outboxEvents)
    .set({ publishedAt: now, lockedUntil: null, lastError: null })
    .where(and(inArray(outboxEvents.id, claimed.map((e) => e.id)), eq(outboxEvents.lockedUntil, first.lockedUntil)))
    .returning({ id: outboxEvents.id });
  return rows.map((r) => r.id);
}

/** What a failed attempt records: when, and why (kept redacted for operators). */
export interface Failure {
  now: Date;
  error: unknown;
}

/** Failed this time: try again after `retryInMs`, keeping the (redacted) error for operators. */
export async function markFailed(db: Db, e: Claimed, { now, error, retryInMs }: Failure & { retryInMs: number }): Promise<void> {
  await db
    .update(outboxEvents)
    .set({ lockedUntil: null, lastError: describeError(error), availableAt: new Date(now.getTime() + retryInMs) })
    .where(held(e));
}

/** Failed for good (out of attempts, or an error no retry can fix): kept for re-drive. */
export async function markFailedForGood(db: Db, e: Claimed, { now, error }: Failure): Promise<void> {
  await db
    .update(outboxEvents)
    .set({ lockedUntil: null, lastError: describeError(error), failedAt: now })
    .where(held(e));
}

/**
 * Inngest's onFailure: the run for this event (its Inngest event id = `event_id`) failed for good.
 * The row was marked published when it was handed to Inngest; failed_at makes it visible and
 * re-drivable. Returns whether a row was found.
 */
export async function markFailedByEventId(db: Db, eventId: string, { now, error }: Failure): Promise<boolean> {
  const rows = await db
    .update(outboxEvents)
    .set({ lockedUntil: null, lastError: describeError(error), failedAt: now })
    .where(eq(outboxEvents.eventId, eventId))
    .returning({ id: outboxEvents.id });
  return rows.length > 0;
}

/** Hands the row back untouched (the worker is stopping): available again at once. */
export async function releaseClaim(db: Db, e: Claimed): Promise<void> {
  await db
    .update(outboxEvents)
    .set({ lockedUntil: null, attempts: sql`greatest(${outboxEvents.attempts} - 1, 0)` })
    .where(held(e));
}

/** Exponential back-off per failed attempt: base, 2×base, 4×base … capped. */
export function retryDelayMs(attempts: number, { baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS }: { baseMs?: number; capMs?: number } = {}): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export interface FailedEvent {
  id: number;
  eventId: string;
  name: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
  createdAt: Date;
}

const failedColumns = {
  id: outboxEvents.id,
  eventId: outboxEvents.eventId,
  name: outboxEvents.name,
  payload: outboxEvents.payload,
  attempts: outboxEvents.attempts,
  lastError: outboxEvents.lastError,
  failedAt: outboxEvents.failedAt,
  createdAt: outboxEvents.createdAt,
};

export interface FailedFilter {
  ids?: number[];
  name?: string;
  /** Only events whose payload names this brand (`payload->>'brandId'`). */
  brandId?: string;
  limit?: number;
}

const failedWhere = (f: FailedFilter) =>
  and(
    isNotNull(outboxEvents.failedAt),
    f.ids ? inArray(outboxEvents.id, f.ids) : undefined,
    f.name ? eq(outboxEvents.name, f.name) : undefined,
    f.brandId ? sql`${outboxEvents.payload}->>'brandId' = ${f.brandId}` : undefined,
  );

/** Failed events, newest failure first (the dashboard, the re-drive command's dry run). */
export async function listFailedEvents(db: Db, f: FailedFilter = {}): Promise<FailedEvent[]> {
  if (f.ids && f.ids.length === 0) return [];
  const rows = await db
    .select(failedColumns)
    .from(outboxEvents)
    .where(failedWhere(f))
    .orderBy(desc(outboxEvents.failedAt), desc(outboxEvents.id))
    .limit(f.limit ?? 1000);
  return rows.map((r) => ({ ...r, failedAt: r.failedAt! }));
}

/**
 * Re-queues failed events: pending again, due now, attempts from zero. Each gets a fresh
 * `event_id` (`<original>:r<n>`), because Inngest deduplicates event ids for 24 hours and would
 * otherwise ignore the re-publish. The jobs' own delivery bookkeeping (deliveries.ts, keyed by
 * stable domain ids) still sends nobody a second email. Returns the re-queued rows.
 */
export async function redriveEvents(db: Db, f: Omit<FailedFilter, "brandId" | "limit">, { now }: { now: Date }): Promise<FailedEvent[]> {
  if (f.ids && f.ids.length === 0) return [];
  const rows = await db
    .update(outboxEvents)
    .set({
      failedAt: null,
      publishedAt: null,
      lockedUntil: null,
      attempts: 0,
      availableAt: now,
      eventId: sql`regexp_replace(${outboxEvents.eventId}, ':r[0-9]+$', '') || ':r' || (coalesce(substring(${outboxEvents.eventId} from ':r([0-9]+)$')::int, 0) + 1)`,
    })
    .where(failedWhere(f))
    .returning({ ...failedColumns, failedAt: outboxEvents.failedAt });
  return rows.map((r) => ({ ...r, failedAt: now })).sort((a, b) => a.id - b.id);
}

/** Deletes rows published more than `retentionMs` ago (never failed or pending ones), in batches. */
export async function pruneOutbox(db: Db, { now, retentionMs = OUTBOX_RETENTION_MS, batch = 5000 }: { now: Date; retentionMs?: number; batch?: number }): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionMs).toISOString();
  let total = 0;
  for (;;) {
    const rows = await db
      .delete(outboxEvents)
      .where(
        sql`${outboxEvents.id} in (select id from outbox_events where published_at < ${cutoff} and failed_at is null limit ${batch})`,
      )
      .returning({ id: outboxEvents.id });
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
