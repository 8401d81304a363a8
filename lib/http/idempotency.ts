// Stripe-style idempotency for POST routes: a client sends `Idempotency-Key: <up to 255 chars>`;
// a retry with the same key and the same request gets the first answer back (status and body,
// with `Idempotent-Replayed: true`), whatever happened in between.
//   - same key, different request (method, path or body) → 409 `idempotency_key_reused`
//   - same key while the first request is still running  → 409 `request_in_progress`
// Keys are scoped to the caller and kept 24 hours (sweepIdempotencyKeys). Results that a retry
// could change are not kept: a 5xx, a 429 or an unexpected error frees the key again — only a key
// that holds no answer yet, so an answer written with the change itself is never lost.
//
// The answer in the same transaction as the change: run() gets an IdempotencySlot (with a key);
// a route whose change is one statement (a redemption, lib/discounts/redeem-code.ts) writes the
// answer in that statement — `storedAnswerSql` — and sets `slot.stored`; then there is never a
// committed change without its answer, even when the connection dies right after the commit, and
// the answer costs no statement of its own. Other routes' answers are saved after run() returns.
//
//   return idempotent({ db, req, userId, fingerprint: body, now }, async (slot) => json(…, 201));
import { createHash } from "node:crypto";
import { and, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db";
import { idempotencyKeys } from "../db/schema";
import { DomainError, errorCodes, isDomainError, type ErrorCode, type FieldError } from "../errors";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A key held this long without a stored answer belongs to a request that died (or answered 503
 * while a store was down and could not free it): it may be retried. Requests are bounded by the
 * database timeouts (lib/db) to a few seconds, and a redemption's write lands within
 * STALE_CLAIM_MS (10 s) of its request or never, so a retry then finds the truth in the records.
 */
export const IDEMPOTENCY_LOCK_MS = 10 * 1000;

/** Errors a retry may well not meet again: never stored. */
const transient = new Set<ErrorCode>(["rate_limited", "unavailable", "internal", "request_in_progress"]);

type Stored =
  // The body's exact text: a jsonb object would come back with its keys reordered.
  | { kind: "response"; text: string; contentType: string }
  | { kind: "error"; code: ErrorCode; detail: string; errors?: FieldError[]; extra?: Record<string, unknown> };

export interface IdempotencyOptions {
  db: Db;
  req: Request;
  userId: string;
  /** What identifies the request besides method and path: the validated body. */
  fingerprint: unknown;
  now: Date;
}

/** The header's key, or undefined without one; 422 for a key that is empty, too long or not printable ASCII. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return undefined;
  if (!/^[\x21-\x7e][\x20-\x7e]{0,254}$/.test(key)) {
    throw new DomainError("validation_failed", "Idempotency-Key must be 1–255 printable ASCII characters.", {
      errors: [{ path: "Idempotency-Key", message: "must be 1–255 printable ASCII characters" }],
    });
  }
  return key;
}

/** The request's key, for a route that writes its answer in its own statement (storedAnswerSql). */
export interface IdempotencySlot {
  userId: string;
  key: string;
  requestHash: string;
  /** Set by the route once its answer is committed with its change: idempotent() then saves nothing. */
  stored: boolean;
}

/**
 * A statement fragment for a data-modifying CTE that stores `status` + the body text as the key's
 * answer: `insert into idempotency_keys … select … from <source>` (so it is written only when the
 * change is). An upsert: the row may have been freed (a 503 whose outcome was unknown) and taken
 * again since by a retry of the same request; a different request under the same key keeps its own.
 */
export function storedAnswerSql(slot: IdempotencySlot, { answer, source }: { answer: { status: number; text: string; contentType?: string }; source: SQL }): SQL {
  const stored: Stored = { kind: "response", text: answer.text, contentType: answer.contentType ?? "application/json" };
  return sql`insert into ${idempotencyKeys} (user_id, key, request_hash, status, response)
    select ${slot.userId}, ${slot.key}, ${slot.requestHash}, ${answer.status}, ${JSON.stringify(stored)}::jsonb from ${source}
    on conflict (user_id, key) do update set status = excluded.status, response = excluded.response
    where ${idempotencyKeys}.request_hash = excluded.request_hash`;
}

export async function idempotent(opts: IdempotencyOptions, run: (slot?: IdempotencySlot) => Promise<Response>): Promise<Response> {
  const key = idempotencyKeyOf(opts.req);
  if (key === undefined) return run();
  const { db, userId, now } = opts;
  const requestHash = hashRequest(opts.req, opts.fingerprint);
  const row = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));

  if (!(await acquire(db, { userId, key, requestHash, now }))) {
    const [existing] = await db.select().from(idempotencyKeys).where(row);
    if (!existing) {
      // Freed between our insert and this read (the first request failed): take it now or give up.
      if (!(await acquire(db, { userId, key, requestHash, now }))) throw inProgress();
    } else if (existing.requestHash !== requestHash) {
      throw new DomainError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request; use a new key for a new request.",
      );
    } else if (existing.status !== null) {
      return replay(existing.status, existing.response as Stored);
    } else if (!(await takeOverAbandoned(db, { userId, key, since: existing.createdAt, now }))) {
      throw inProgress();
    }
  }

  // We hold the key: run the request and keep its answer.
  const slot: IdempotencySlot = { userId, key, requestHash, stored: false };
  // Frees the key for a retry — unless an answer was written with the change meanwhile.
  const free = () => db.delete(idempotencyKeys).where(and(row, isNull(idempotencyKeys.status)));
  let response: Response;
  try {
    response = await run(slot);
  } catch (e) {
    if (slot.stored) throw e;
    if (isDomainError(e) && !transient.has(e.code)) {
      const stored: Stored = { kind: "error", code: e.code, detail: e.message, errors: e.errors, extra: e.extra };
      await db.update(idempotencyKeys).set({ status: errorCodes[e.code].status, response: stored }).where(row);
    } else {
      // A store that is down may refuse this too: the key then stays held until IDEMPOTENCY_LOCK_MS.
      await free().catch(() => {});
    }
    throw e;
  }
  if (slot.stored) return response;
  if (response.status >= 500 || response.status === 429) {
    await free().catch(() => {});
    return response;
  }
  const stored: Stored = {
    kind: "response",
    text: await response.clone().text(),
    contentType: response.headers.get("content-type") ?? "application/json",
  };
  await db.update(idempotencyKeys).set({ status: response.status, response: stored }).where(row);
  return response;
}

async function acquire(db: Db, v: { userId: string; key: string; requestHash: string; now: Date }): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId: v.userId, key: v.key, requestHash: v.requestHash, createdAt: v.now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      // A key older than the retention period is forgotten even before the sweeper runs.
      set: { requestHash: v.requestHash, createdAt: v.now, status: null, response: null },
      setWhere: lt(idempotencyKeys.createdAt, new Date(v.now.getTime() - IDEMPOTENCY_TTL_MS)),
    })
    .returning({ key: idempotencyKeys.key });
  return inserted.length === 1;
}

/** A key whose request never stored an answer within IDEMPOTENCY_LOCK_MS: its request died. */
async function takeOverAbandoned(db: Db, v: { userId: string; key: string; since: Date; now: Date }): Promise<boolean> {
  if (v.now.getTime() - v.since.getTime() < IDEMPOTENCY_LOCK_MS) return false;
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: v.now })
    .where(
      and(
        eq(idempotencyKeys.userId, v.userId),
        eq(idempotencyKeys.key, v.key),
        isNull(idempotencyKeys.status),
        lt(idempotencyKeys.createdAt, new Date(v.now.getTime() - IDEMPOTENCY_LOCK_MS)),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length === 1;
}

function inProgress() {
  return new DomainError("request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
}

function replay(status: number, stored: Stored): Response {
  if (stored.kind === "error") {
    throw new DomainError(stored.code, stored.detail, { errors: stored.errors, extra: stored.extra });
  }
  return new Response(stored.text, { status, headers: { "content-type": stored.contentType, "idempotent-replayed": "true" } });
}

/** SHA-256 of method, path (without a trailing slash) and the canonical JSON of the fingerprint. */
export function hashRequest(req: Request, fingerprint: unknown): string {
  const path = new URL(req.url).pathname.replace(/\/+$/, "");
  return createHash("sha256").update(`${req.method.toUpperCase()} ${path}\n${canonicalJson(fingerprint)}`).digest("hex");
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
}

/** Deletes keys past the retention period, in batches; returns how many. */
export async function sweepIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  let total = 0;
  for (;;) {
    const rows = await db
      .delete(idempotencyKeys)
      .where(
        sql`(${idempotencyKeys.userId}, ${idempotencyKeys.key}) in (select user_id, key from idempotency_keys where created_at < ${cutoff} limit 5000)`,
      )
      .returning({ key: idempotencyKeys.key });
    total += rows.length;
    if (rows.length < 5000) return total;
  }
}
