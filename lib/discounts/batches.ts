// Bulk unique codes (API.md part 2, "Bulk unique codes").
//
// createBatch: validate → resolve the rule → insert the batch row (status `running`) and an outbox
// row `discount/batch.requested` in ONE transaction → publish after commit → 202.
// The job (runBatchJob on the in-process worker; lib/inngest/batch-functions.ts runs the same
// steps, one step per chunk) generates `PREFIX-XXXXXXXX` codes in chunks:
//   - 8 characters from an unambiguous alphabet (no 0 O 1 I L), crypto-random with rejection
//     sampling (no modulo bias): 31^8 ≈ 8.5 × 10^11 codes per prefix;
//   - each chunk is one transaction: lock the batch row, `INSERT … SELECT FROM unnest(…) ON
//     CONFLICT DO NOTHING RETURNING` (a code that exists anywhere — another batch, a hand-made
//     code — is skipped, never overwritten), and `created += inserted`: progress and rows move
//     together, and the next chunk tops up what collisions left out;
//   - re-runnable: a run first recounts the batch's codes, so a retry (or a second runner, which
//     waits on the row lock) continues where the last one stopped and never overshoots `total`;
//   - done → status `done`, finished_at and an outbox row `discount/batch.completed` (webhooks) in
//     one transaction, exactly once. Batch codes are never announced (no discount/code.created).
//   - a failure marks the batch `failed` with a redacted error and rethrows (the runner retries;
//     a retry that gets further sets it back to `running`).
import { randomBytes } from "node:crypto";
import { and, count, desc, eq, lt, or, sql } from "drizzle-orm";
import { executeRows, type Db, type DbOrTx } from "../db";
import { codeBatches, discountCodes, discountRules, type CodeBatch, type DiscountRule } from "../db/schema";
import { DomainError } from "../errors";
import { enqueueEvent } from "../events/outbox";
import type { EventDispatcher, EventPayloads } from "../events/types";
import { newId } from "../ids";
import { describeError } from "../log";
import { consumeOrThrow } from "../ratelimit/guard";
import { LIMITS } from "../ratelimit/limits";
import type { RateLimiter } from "../ratelimit/types";
import type { BatchList, BatchView, CreateBatchBody, ListBatchesQuery } from "./batch-schemas";
import { codeIdOf } from "./code";
import { assertCreatorVerified } from "./create-code";
import type { Actor } from "./ports";
import { resolveRule, ruleView } from "./rules";

/** The unambiguous alphabet of the random part: no 0/O, 1/I/L. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const RANDOM_LENGTH = 8;
/** Rows per INSERT (two text parameters whatever the size; well under the statement timeout). */
export const DEFAULT_CHUNK_SIZE = 5_000;
/** Chunks in a row that insert nothing before a run gives up (a random source gone wrong). */
export const BATCH_MAX_FUTILE_CHUNKS = 5;

/** Random bytes (node:crypto's randomBytes by default; a unit test passes its own). */
export type RandomSource = (n: number) => Uint8Array;

const ALPHABET_SIZE = CODE_ALPHABET.length; // 31
// Bytes ≥ this are rejected so every character is equally likely (248 = 8 × 31).
const REJECT_AT = 256 - (256 % ALPHABET_SIZE);

/**
 * `n` distinct codes `PREFIX-XXXXXXXX`, none of them in `avoid`. Crypto-random characters by
 * rejection sampling over random bytes.
 */
export function generateCodes(prefix: string, { count: n, random = randomBytes, avoid }: { count: number; random?: RandomSource; avoid?: ReadonlySet<string> }): string[] {
  const out = new Set<string>();
  let pool = random(Math.ceil(n * RANDOM_LENGTH * 1.1) + 16);
  let at = 0;
  let futile = 0;
  while (out.size < n) {
    let s = `${prefix}-`;
    while (s.length < prefix.length + 1 + RANDOM_LENGTH) {
      if (at >= pool.length) {
        pool = random(Math.max(64, (n - out.size) * RANDOM_LENGTH * 2));
        at = 0;
      }
      const b = pool[at++]!;
      if (b < REJECT_AT) s += CODE_ALPHABET[b % ALPHABET_SIZE];
    }
    if (out.has(s) || avoid?.has(s)) {
      // A source that keeps repeating itself would loop forever; real randomness never gets here.
      if (++futile > n * 100 + 1000) throw new Error("The random source keeps repeating codes.");
      continue;
    }
    out.add(s);
  }
  return [...out];
}

/** Whether `code` is one a batch with this prefix could have generated. */
export function isBatchCode(prefix: string, code: string): boolean {
  return new RegExp(`^${prefix}-[${CODE_ALPHABET}]{${RANDOM_LENGTH}}$`).test(code);
}

// ---- creating a batch ------------------------------------------------------------------------

export interface BatchPorts {
  db: Db;
  clock: () => Date;
  events: EventDispatcher;
  /** Batches per brand (LIMITS.batchesPerBrand); omit in unit tests. */
  limiter?: RateLimiter;
}

const invalid = (path: string, message: string) =>
  new DomainError("validation_failed", `${path}: ${message}`, { errors: [{ path, message }] });

const newBatchId = (now?: number) => `bat_${newId("request", now).slice("req_".length)}`;

/** Counts a batch creation for the brand; 429 past LIMITS.batchesPerBrand. */
export async function assertMayCreateBatch(limiter: RateLimiter, brandId: string): Promise<void> {
  await consumeOrThrow(limiter, [{ rule: LIMITS.batchesPerBrand, key: brandId }]);
}

function viewOf(batch: CodeBatch, rule: DiscountRule): BatchView {
  return {
    id: batch.id,
    status: batch.status,
    created: batch.created,
    total: batch.total,
    prefix: batch.prefix,
    ruleId: batch.ruleId,
    rule: ruleView(rule),
    validFrom: batch.validFrom.toISOString(),
    validUntil: batch.validUntil.toISOString(),
    maxRedemptions: batch.maxRedemptions,
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
    error: batch.error,
  };
}

/** POST /api/v1/discountcode/batch and the dashboard: the batch row, its job queued. */
export async function createBatch(ports: BatchPorts, { actor, body }: { actor: Actor; body: CreateBatchBody }): Promise<BatchView> {
  const brandId = actor.brands[0]?.id;
  if (!brandId) throw new DomainError("forbidden", "Only a brand's admins may create codes.");
  await assertCreatorVerified(ports.db, actor.user.id); // 403 email_unverified, as for a single code
  if (ports.limiter) await assertMayCreateBatch(ports.limiter, brandId);
  const now = ports.clock();
  const validFrom = body.validFrom ?? now;
  if (body.validUntil.getTime() <= now.getTime()) throw invalid("validUntil", "must be in the future");
  if (body.validUntil.getTime() <= validFrom.getTime()) throw invalid("validUntil", "must be after validFrom");

  const { view, outboxId } = await ports.db.transaction(async (tx) => {
    const rule = await resolveRule(tx, { brandId, input: { discount: body.discount, ruleId: body.ruleId, rule: body.rule }, now });
    const [batch] = await tx
      .insert(codeBatches)
      .values({
        id: newBatchId(), // wall time, not the clock port: ids of one instant still sort by creation
        brandId,
        ruleId: rule.id,
        prefix: body.prefix,
        total: body.count,
        validFrom,
        validUntil: body.validUntil,
        maxRedemptions: body.maxRedemptions,
        createdBy: actor.user.id,
        createdAt: now,
      })
      .returning();
    const event = await enqueueEvent(tx, { name: "discount/batch.requested", payload: { batchId: batch!.id, brandId } });
    return { view: viewOf(batch!, rule), outboxId: event.id };
  });
  ports.events.dispatch([outboxId]);
  return view;
}

// ---- reading batches -------------------------------------------------------------------------

async function batchOfBrand(db: DbOrTx, { brandId, batchId }: { brandId: string; batchId: string }): Promise<{ batch: CodeBatch; rule: DiscountRule } | undefined> {
  if (!/^bat_[0-9A-Z]{26}$/.test(batchId)) return undefined;
  const [row] = await db
    .select({ batch: codeBatches, rule: discountRules })
    .from(codeBatches)
    .innerJoin(discountRules, eq(discountRules.id, codeBatches.ruleId))
    .where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId)));
  return row;
}

const noSuchBatch = () => new DomainError("not_found", "No batch with this id.");

/** One of the brand's batches; another brand's answers like a missing one (404). */
export async function getBatch(db: Db, { brandId, batchId }: { brandId: string; batchId: string }): Promise<BatchView> {
  const row = await batchOfBrand(db, { brandId, batchId });
  if (!row) throw noSuchBatch();
  return viewOf(row.batch, row.rule);
}

/** The brand's batches, newest first, by cursor (the last batch id of the previous page). */
export async function listBatches(db: Db, { brandId, query }: { brandId: string; query: ListBatchesQuery }): Promise<BatchList> {
  let after;
  if (query.cursor) {
    const last = await batchOfBrand(db, { brandId, batchId: query.cursor });
    if (!last) throw invalid("cursor", "not a cursor this API returned");
    const { createdAt, id } = last.batch;
    after = or(lt(codeBatches.createdAt, createdAt), and(eq(codeBatches.createdAt, createdAt), lt(codeBatches.id, id)));
  }
  const rows = await db
    .select({ batch: codeBatches, rule: discountRules })
    .from(codeBatches)
    .innerJoin(discountRules, eq(discountRules.id, codeBatches.ruleId))
    .where(and(eq(codeBatches.brandId, brandId), after))
    .orderBy(desc(codeBatches.createdAt), desc(codeBatches.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => viewOf(r.batch, r.rule)),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.batch.id : null,
  };
}

export const CSV_PAGE = 5_000;

/**
 * A batch's codes as CSV (header `code`, one code a line, CRLF as RFC 4180 says), in pages by the
 * (batch_id, code) index so 100,000 codes never sit in memory at once. 404 before any byte when the
 * batch is not the brand's. Codes generated so far: a running batch gives what it has.
 */
export async function batchCodesCsv(db: Db, { brandId, batchId }: { brandId: string; batchId: string }): Promise<{ batch: BatchView; lines: AsyncGenerator<string> }> {
  const batch = await getBatch(db, { brandId, batchId });
  async function* lines(): AsyncGenerator<string> {
    yield "code\r\n";
    let after = "";
    for (;;) {
      const rows = await db
        .select({ code: discountCodes.code })
        .from(discountCodes)
        .where(and(eq(discountCodes.batchId, batchId), sql`${discountCodes.code} > ${after}`))
        .orderBy(discountCodes.code)
        .limit(CSV_PAGE);
      if (rows.length) yield rows.map((r) => r.code).join("\r\n") + "\r\n";
      if (rows.length < CSV_PAGE) return;
      after = rows[rows.length - 1]!.code;
    }
  }
  return { batch, lines: lines() };
}

// ---- the job ---------------------------------------------------------------------------------

export interface BatchJobPorts {
  db: Db;
  clock: () => Date;
  events: EventDispatcher;
}

export interface BatchRunOptions {
  signal?: AbortSignal;
  /** Rows per chunk (default DEFAULT_CHUNK_SIZE). */
  chunkSize?: number;
  /** Random bytes (tests: a stub that repeats itself). */
  random?: RandomSource;
}

/** Where a batch stands after a step. */
export interface BatchProgress {
  batchId: string;
  status: CodeBatch["status"] | "missing";
  created: number;
  total: number;
  /** Rows this step inserted. */
  inserted?: number;
}

/** Interrupted between two chunks (the worker is stopping); the next run continues. */
export class BatchInterrupted extends Error {
  constructor() {
    super("The batch was interrupted between two chunks; it resumes where it stopped.");
    this.name = "JobInterrupted";
  }
}

/**
 * The first step of a run: recount the codes the batch already has (a previous run may have died
 * after a commit) and set it running again. A finished batch is left alone.
 */
export async function startBatchRun(db: Db, payload: EventPayloads["discount/batch.requested"]): Promise<BatchProgress> {
  const { batchId, brandId } = payload;
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(codeBatches)
      .where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId)))
      .for("update");
    if (!batch) return { batchId, status: "missing", created: 0, total: 0 };
    if (batch.status === "done") return { batchId, status: "done", created: batch.created, total: batch.total };
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(discountCodes).where(eq(discountCodes.batchId, batchId));
    await tx.update(codeBatches).set({ created: n, status: "running", error: null }).where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId)));
    return { batchId, status: "running", created: n, total: batch.total };
  });
}

/**
 * One chunk: up to `chunkSize` new codes in one transaction, under the batch row's lock, with the
 * progress counter. Codes that already exist (anywhere) are skipped; the next chunk tops up.
 */
export async function generateBatchChunk(ports: Pick<BatchJobPorts, "db" | "clock">, payload: EventPayloads["discount/batch.requested"], opts: BatchRunOptions = {}): Promise<BatchProgress> {
  const { batchId, brandId } = payload;
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return ports.db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(codeBatches)
      .where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId)))
      .for("update");
    if (!batch) return { batchId, status: "missing", created: 0, total: 0, inserted: 0 };
    const need = Math.min(chunkSize, batch.total - batch.created);
    if (batch.status === "done" || need <= 0) return { batchId, status: batch.status, created: batch.created, total: batch.total, inserted: 0 };
    const codes = generateCodes(batch.prefix, { count: need, random: opts.random });
    const ids = codes.map(codeIdOf);
    // Two array parameters whatever the chunk size (a row per code would be 10 parameters each);
    // the constant columns come from the batch row itself.
    const inserted = await executeRows<{ one: number }>(tx, sql`
      insert into discount_codes (id, code, rule_id, brand_id, valid_from, valid_until, created_by, created_at, max_redemptions, batch_id)
      select c.id, c.code, b.rule_id, b.brand_id, b.valid_from, b.valid_until, b.created_by, ${ports.clock().toISOString()}::timestamptz, b.max_redemptions, b.id
      from unnest(string_to_array(${ids.join(",")}, ','), string_to_array(${codes.join(",")}, ',')) as c(id, code)
      cross join code_batches b
      where b.id = ${batchId}
      on conflict do nothing
      returning 1 as one`);
    const n = inserted.length;
    const [after] = await tx
      .update(codeBatches)
      .set({ created: sql`${codeBatches.created} + ${n}`, status: "running" })
      .where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId)))
      .returning({ created: codeBatches.created });
    return { batchId, status: "running", created: after!.created, total: batch.total, inserted: n };
  });
}

/**
 * The last step: `done`, finished_at and the outbox row `discount/batch.completed` in one
 * transaction, once (a second call finds it done and writes nothing). Returns the outbox id.
 */
export async function finishBatch(ports: BatchJobPorts, payload: EventPayloads["discount/batch.requested"]): Promise<{ outboxId: number | null }> {
  const { batchId, brandId } = payload;
  const outboxId = await ports.db.transaction(async (tx) => {
    const done = await tx
      .update(codeBatches)
      .set({ status: "done", finishedAt: ports.clock(), error: null })
      .where(and(eq(codeBatches.id, batchId), eq(codeBatches.brandId, brandId), sql`${codeBatches.status} <> 'done'`, sql`${codeBatches.created} >= ${codeBatches.total}`))
      .returning({ id: codeBatches.id });
    if (!done.length) return null;
    return (await enqueueEvent(tx, { name: "discount/batch.completed", payload: { batchId, brandId } })).id;
  });
  if (outboxId !== null) ports.events.dispatch([outboxId]);
  return { outboxId };
}

/** A failed run: status `failed` with a redacted reason (no query text, no parameters). */
export async function markBatchFailed(db: Db, payload: EventPayloads["discount/batch.requested"], { error, now }: { error: unknown; now: Date }): Promise<void> {
  await db
    .update(codeBatches)
    .set({ status: "failed", error: describeError(error), finishedAt: now })
    .where(and(eq(codeBatches.id, payload.batchId), eq(codeBatches.brandId, payload.brandId), sql`${codeBatches.status} <> 'done'`));
}

const isInterruption = (e: unknown) => e instanceof Error && (e.name === "JobInterrupted" || e.name === "AbortError");

/** The whole job, chunk after chunk (the in-process worker; lib/jobs.ts dispatches here). */
export async function runBatchJob(ports: BatchJobPorts, payload: EventPayloads["discount/batch.requested"], opts: BatchRunOptions = {}): Promise<BatchProgress> {
  try {
    let progress = await startBatchRun(ports.db, payload);
    if (progress.status !== "running") return progress;
    let futile = 0;
    while (progress.created < progress.total) {
      if (opts.signal?.aborted) throw new BatchInterrupted();
      progress = await generateBatchChunk(ports, payload, opts);
      if (progress.status === "missing") return progress;
      futile = progress.inserted ? 0 : futile + 1;
      if (futile >= BATCH_MAX_FUTILE_CHUNKS) throw new Error(`No new codes in ${BATCH_MAX_FUTILE_CHUNKS} chunks in a row.`);
    }
    await finishBatch(ports, payload);
    return { ...progress, status: "done" };
  } catch (e) {
    if (!isInterruption(e)) await markBatchFailed(ports.db, payload, { error: e, now: ports.clock() }).catch(() => {});
    throw e;
  }
}
