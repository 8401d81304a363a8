// Bulk unique codes: how long the job takes to generate a batch of 100,000 codes, on PGlite and on
// PostgreSQL — the same createBatch (batch row + outbox row) and runBatchJob (chunks of
// INSERT … SELECT unnest … ON CONFLICT DO NOTHING, progress written per chunk) the app runs.
// Each run also checks the result: `total` codes, all distinct, all PREFIX-XXXXXXXX. The target is
// under a minute on a 2-core machine.
//
//   npx tsx bench/batch.ts
//   env: BENCH_COUNT (100000), BENCH_CHUNK (5000),
//        BENCH_DATABASE_URL (postgres://root@127.0.0.1:5432/postgres; "" to skip Postgres)
import { performance } from "node:perf_hooks";
import { count, countDistinct, eq } from "drizzle-orm";
import { openDatabase, type Database } from "../lib/db";
import { discountCodes } from "../lib/db/schema";
import { createBatchBodySchema } from "../lib/discounts/batch-schemas";
import { CODE_ALPHABET, createBatch, runBatchJob } from "../lib/discounts/batches";
import { createUser } from "../test/fixtures";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { openThrowawayDatabase } from "./lib/postgres";

const COUNT = Number(process.env.BENCH_COUNT ?? 100_000);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 5_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

async function openPostgres(): Promise<{ database: Database; drop(): Promise<void> }> {
  return openThrowawayDatabase({ adminUrl: PG_URL });
}

async function bench(name: string, database: Database): Promise<void> {
  const db = database.db;
  const brand = await createUser(db, { role: "brand", brandName: "Bench Brand" });
  const ports = { db, clock: () => new Date(), events: { dispatch: () => {} } };
  const body = createBatchBodySchema.parse({ prefix: "BENCH", count: COUNT, discount: 10, validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  const t0 = performance.now();
  const batch = await createBatch(ports, { actor: { user: { id: brand.id, seq: brand.seq }, brands: [brand.brand!] }, body });
  const t1 = performance.now();
  const result = await runBatchJob(ports, { batchId: batch.id, brandId: brand.brand!.id }, { chunkSize: CHUNK });
  const t2 = performance.now();
  const [stats] = await db
    .select({ n: count(), distinct: countDistinct(discountCodes.code) })
    .from(discountCodes)
    .where(eq(discountCodes.batchId, batch.id));
  const sample = await db.select({ code: discountCodes.code }).from(discountCodes).where(eq(discountCodes.batchId, batch.id)).limit(1000);
  const shape = new RegExp(`^BENCH-[${CODE_ALPHABET}]{8}$`);
  const ok = result.status === "done" && stats!.n === COUNT && stats!.distinct === COUNT && sample.every((s) => shape.test(s.code));
  const seconds = (t2 - t1) / 1000;
  report(
    `${name.padEnd(10)} ${COUNT.toLocaleString("en-GB")} codes in ${seconds.toFixed(1)} s ` +
      `(${Math.round(COUNT / seconds).toLocaleString("en-GB")} codes/s, chunks of ${CHUNK.toLocaleString("en-GB")}; ` +
      `create ${(t1 - t0).toFixed(0)} ms) — ${ok ? "all distinct, all PREFIX-XXXXXXXX" : `CHECK FAILED: ${JSON.stringify({ result, stats })}`} — ` +
      `${seconds < 60 ? "under" : "OVER"} the 1-minute target`,
  );
  if (!ok) process.exitCode = 1;
}

async function main() {
  const pglite = await openDatabase({ kind: "pglite" });
  try {
    await bench("PGlite", pglite);
  } finally {
    await pglite.close();
  }
  if (PG_URL) {
    const pg = await openPostgres();
    try {
      await bench("PostgreSQL", pg.database);
    } finally {
      await pg.drop();
    }
  }
}

main().catch((e) => {
  log.error({ err: summarizeError(e) }, "batch.ts failed");
  process.exit(1);
});
