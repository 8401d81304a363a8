// The bulk-codes job on PGlite and PostgreSQL: chunks, progress, top-up past collisions,
// re-runs, completion exactly once, failure, interruption (API.md part 2, "Bulk unique codes").
import { count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database, Db } from "@/lib/db";
import { codeBatches, discountCodes, outboxEvents } from "@/lib/db/schema";
import { codeIdOf } from "@/lib/discounts/code";
import { testDatabases } from "@/test/db";
import { insertCode } from "@/test/discount-fixtures";
import { createUser, type TestUser } from "@/test/fixtures";
import { CODE_ALPHABET, createBatch, finishBatch, generateBatchChunk, generateCodes, runBatchJob, type RandomSource } from "./batches";
import { createBatchBodySchema } from "./batch-schemas";

const now = new Date("2026-11-30T12:00:00.000Z");
const clock = fixedClock(now);
const inDays = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();

/** A random source that replays the same bytes every call: every chunk generates the same codes. */
const replaying = (seed: number): RandomSource => (n) => Uint8Array.from({ length: n }, (_, i) => (seed + i * 7) % 248);

/** A deterministic stream of bytes (xorshift32) that continues across calls: the same seed, the same codes. */
function seeded(seed: number): RandomSource {
  let x = seed >>> 0 || 1;
  return (n) =>
    Uint8Array.from({ length: n }, () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x & 0xff;
    });
}

describe.each(testDatabases())("bulk codes job on $name", ({ open }) => {
  let database: Database;
  let db: Db;
  let brand: TestUser;
  const dispatched: number[] = [];
  const ports = () => ({ db, clock, events: { dispatch: (ids: number[]) => void dispatched.push(...ids) } });
  const actor = () => ({ user: { id: brand.id, seq: brand.seq }, brands: [brand.brand!] });
  const newBatch = async (body: Record<string, unknown>) =>
    createBatch(ports(), { actor: actor(), body: createBatchBodySchema.parse({ discount: 10, validUntil: inDays(30), ...body }) });
  const payload = (batchId: string) => ({ batchId, brandId: brand.brand!.id });
  const codesOf = async (batchId: string) =>
    (await db.select({ code: discountCodes.code, id: discountCodes.id }).from(discountCodes).where(eq(discountCodes.batchId, batchId)));
  const batchRow = async (batchId: string) => (await db.select().from(codeBatches).where(eq(codeBatches.id, batchId)))[0]!;

  beforeAll(async () => {
    database = await open();
    db = database.db;
    brand = await createUser(db, { role: "brand", brandName: "Bulk Brand" });
  });
  afterAll(async () => {
    await database?.close();
  });

  it.skipIf(process.env.SKIP_BIG === "1")("100,000 codes in chunks: unique, all PREFIX-XXXXXXXX of the alphabet, ids are their hashes, done once", async () => {
    const batch = await newBatch({ prefix: "big", count: 100_000 });
    const started = performance.now();
    const result = await runBatchJob(ports(), payload(batch.id));
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ status: "done", created: 100_000, total: 100_000 });
    const codes = await codesOf(batch.id);
    expect(codes).toHaveLength(100_000);
    expect(new Set(codes.map((c) => c.code)).size).toBe(100_000);
    const shape = new RegExp(`^BIG-[${CODE_ALPHABET}]{8}$`);
    expect(codes.every((c) => shape.test(c.code))).toBe(true);
    expect(codes.slice(0, 1000).every((c) => c.id === codeIdOf(c.code))).toBe(true);
    const row = await batchRow(batch.id);
    expect(row).toMatchObject({ status: "done", created: 100_000, finishedAt: now, error: null });
    const completed = await db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/batch.completed"));
    expect(completed.filter((e) => (e.payload as { batchId: string }).batchId === batch.id)).toHaveLength(1);
    // Not announced.
    expect(await db.select({ n: count() }).from(outboxEvents).where(eq(outboxEvents.name, "discount/code.created"))).toEqual([{ n: 0 }]);
    expect(seconds).toBeLessThan(60);
    process.stdout.write(`[${database.kind}] 100,000 codes in ${seconds.toFixed(1)} s\n`);
  });

  it("tops up past collisions: codes that already exist (here: hand-made, of another batch's brand) are skipped, never taken over", async () => {
    const wouldBe = generateCodes("COL", { count: 30, random: seeded(42) });
    const other = await createUser(db, { role: "brand", brandName: "Squatter" });
    for (const code of wouldBe.slice(0, 20)) {
      await insertCode(db, { brandId: other.brand!.id, code, validFrom: now, validUntil: new Date(inDays(5)) });
    }
    const batch = await newBatch({ prefix: "col", count: 30 });
    const result = await runBatchJob(ports(), payload(batch.id), { random: seeded(42), chunkSize: 10 });
    expect(result).toMatchObject({ status: "done", created: 30 });
    const codes = (await codesOf(batch.id)).map((c) => c.code);
    expect(new Set(codes).size).toBe(30);
    expect(codes.filter((c) => wouldBe.slice(0, 20).includes(c))).toEqual([]);
    // The squatter's codes are untouched.
    const theirs = await db.select().from(discountCodes).where(eq(discountCodes.brandId, other.brand!.id));
    expect(theirs).toHaveLength(20);
    expect(theirs.every((c) => c.batchId === null)).toBe(true);
  });

  it("re-runs are idempotent: an interrupted run continues where it stopped, never past total; completion is written once", async () => {
    const batch = await newBatch({ prefix: "again", count: 25 });
    const first = await generateBatchChunk(ports(), payload(batch.id), { chunkSize: 10 });
    expect(first).toMatchObject({ status: "running", created: 10, inserted: 10 });
    expect(await batchRow(batch.id)).toMatchObject({ created: 10, status: "running" });

    const stop = new AbortController();
    stop.abort();
    await expect(runBatchJob(ports(), payload(batch.id), { chunkSize: 10, signal: stop.signal })).rejects.toThrow(/interrupted/);
    expect(await batchRow(batch.id)).toMatchObject({ status: "running", created: 10 }); // not failed

    // Two runs at once: the row lock serialises their chunks; neither overshoots.
    const [a, b] = await Promise.all([
      runBatchJob(ports(), payload(batch.id), { chunkSize: 10 }),
      runBatchJob(ports(), payload(batch.id), { chunkSize: 10 }),
    ]);
    expect([a.status, b.status]).toEqual(["done", "done"]);
    expect(await codesOf(batch.id)).toHaveLength(25);
    const again = await runBatchJob(ports(), payload(batch.id), { chunkSize: 10 });
    expect(again).toMatchObject({ status: "done", created: 25, total: 25 });
    expect(await finishBatch(ports(), payload(batch.id))).toEqual({ outboxId: null });
    expect(await codesOf(batch.id)).toHaveLength(25);
    const completed = (await db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/batch.completed"))).filter(
      (e) => (e.payload as { batchId: string }).batchId === batch.id,
    );
    expect(completed).toHaveLength(1);
    expect(completed[0]!.payload).toEqual({ batchId: batch.id, brandId: brand.brand!.id });
    expect(dispatched).toContain(completed[0]!.id);
  });

  it("recounts on start: progress is what the batch really has", async () => {
    const batch = await newBatch({ prefix: "recount", count: 12 });
    await generateBatchChunk(ports(), payload(batch.id), { chunkSize: 5 });
    await db.update(codeBatches).set({ created: 0 }).where(eq(codeBatches.id, batch.id));
    await runBatchJob(ports(), payload(batch.id), { chunkSize: 5 });
    expect(await codesOf(batch.id)).toHaveLength(12);
    expect(await batchRow(batch.id)).toMatchObject({ created: 12, status: "done" });
  });

  it("a failure marks the batch failed with a redacted reason; a later run finishes it", async () => {
    const batch = await newBatch({ prefix: "fail", count: 8 });
    const broken: RandomSource = () => {
      throw new Error("entropy source at postgres://admin:hunter2@db.internal:5432/x is gone");
    };
    await expect(runBatchJob(ports(), payload(batch.id), { random: broken })).rejects.toThrow(/entropy/);
    const failed = await batchRow(batch.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/entropy source/);
    expect(failed.error).not.toMatch(/hunter2/);
    await runBatchJob(ports(), payload(batch.id));
    expect(await batchRow(batch.id)).toMatchObject({ status: "done", created: 8, error: null });
  });

  it("gives up (failed) when chunks stop inserting anything instead of looping forever", async () => {
    const batch = await newBatch({ prefix: "stuck", count: 20 });
    await expect(runBatchJob(ports(), payload(batch.id), { random: replaying(3), chunkSize: 5 })).rejects.toThrow(/No new codes/);
    expect(await batchRow(batch.id)).toMatchObject({ status: "failed", created: 5 });
  });

  it("codes carry the batch's terms: rule, window, max redemptions (default 1), creator", async () => {
    const batch = await newBatch({ prefix: "terms", count: 3, validFrom: inDays(1), validUntil: inDays(9) });
    await runBatchJob(ports(), payload(batch.id));
    const rows = await db.select().from(discountCodes).where(eq(discountCodes.batchId, batch.id));
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({
        brandId: brand.brand!.id,
        ruleId: batch.ruleId,
        validFrom: new Date(inDays(1)),
        validUntil: new Date(inDays(9)),
        maxRedemptions: 1,
        uses: 0,
        createdBy: brand.id,
        deactivatedAt: null,
      });
    }
    const unlimited = await newBatch({ prefix: "free", count: 2, maxRedemptions: null });
    await runBatchJob(ports(), payload(unlimited.id));
    expect(await db.select().from(discountCodes).where(eq(discountCodes.batchId, unlimited.id))).toEqual(
      expect.arrayContaining([expect.objectContaining({ maxRedemptions: null })]),
    );
    expect(await db.select({ n: count() }).from(discountCodes).where(isNull(discountCodes.ruleId))).toEqual([{ n: 0 }]);
  });

  it("an unknown batch is a no-op", async () => {
    expect(await runBatchJob(ports(), { batchId: "bat_missing", brandId: brand.brand!.id })).toMatchObject({ status: "missing" });
  });
});
