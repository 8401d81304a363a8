// Redemption throughput and latency, for each store the app can run on: POST
// /api/v1/discountcodeusage through the real route handlers (served by test/http.ts's node:http
// server, without Next's own server in front), every request a first redemption (201) by its own
// user, a fixed number in flight. Prints redemptions/s and p50/p99 latency per stack.
//
//   npx tsx bench/redeem.ts
//   env: BENCH_REQUESTS (3000), BENCH_CONCURRENCY (32),
//        BENCH_DATABASE_URL (postgres://root@127.0.0.1:5432/postgres; "" to skip Postgres),
//        BENCH_REDIS_URL (redis://127.0.0.1:6379/2; "" to skip Upstash)
// The load generator shares the process (and the 2 cores) with the server and the PGlite engine:
// compare stacks with each other, not with a production cluster.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Redis as IORedis } from "ioredis";
import { openDatabase, type Database } from "../lib/db";
import { brands, discountCodes, discountRules, users } from "../lib/db/schema";
import { codeIdOf } from "../lib/discounts/code";
import { newId } from "../lib/ids";
import { createDatabaseLedger } from "../lib/ledger/database";
import type { UsageLedger } from "../lib/ledger/types";
import { sessionCookie, testDeps } from "../test/fixtures";
import { startTestServer } from "../test/http";
import { openUpstashLedger, type UpstashBridge } from "../test/upstash-bridge";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { openThrowawayDatabase } from "./lib/postgres";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP = 200;
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2";

interface Stack {
  name: string;
  open(): Promise<{ database: Database; ledger: UsageLedger; close(): Promise<void>; bridge?: UpstashBridge }>;
}

async function openPostgres(): Promise<{ database: Database; drop(): Promise<void> }> {
  return openThrowawayDatabase({ adminUrl: PG_URL });
}

async function withUpstash(database: Database, close: () => Promise<void>) {
  const upstash = await openUpstashLedger(REDIS_URL);
  return {
    database,
    ledger: upstash.ledger,
    bridge: upstash.bridge,
    close: async () => {
      await upstash.close();
      await close();
    },
  };
}

async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
}

async function stacks(): Promise<Stack[]> {
  const pgUp = PG_URL !== "" && (await reachable(async () => {
    const { default: postgres } = await import("postgres");
    const sql = postgres(PG_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }));
  const redisUp = REDIS_URL !== "" && (await reachable(async () => {
    const r = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    try {
      await r.connect();
      await r.ping();
    } finally {
      r.disconnect();
    }
  }));
  const pglite = async () => openDatabase({ kind: "pglite" });
  const list: Stack[] = [
    {
      name: "PGlite + database ledger",
      open: async () => {
        const database = await pglite();
        return { database, ledger: createDatabaseLedger(database.db), close: () => database.close() };
      },
    },
  ];
  if (redisUp) {
    list.push({
      name: "PGlite + Upstash ledger (bridge → Redis)",
      open: async () => {
        const database = await pglite();
        return withUpstash(database, () => database.close());
      },
    });
  }
  if (pgUp) {
    list.push({
      name: "PostgreSQL + database ledger",
      open: async () => {
        const { database, drop } = await openPostgres();
        return { database, ledger: createDatabaseLedger(database.db), close: drop };
      },
    });
    if (redisUp) {
      list.push({
        name: "PostgreSQL + Upstash ledger (bridge → Redis)",
        open: async () => {
          const { database, drop } = await openPostgres();
          return withUpstash(database, drop);
        },
      });
    }
  }
  if (!pgUp) report(`(PostgreSQL at ${PG_URL || "—"} not reachable: skipped)`);
  if (!redisUp) report(`(Redis at ${REDIS_URL || "—"} not reachable: skipped)`);
  return list;
}

async function seed(database: Database, n: number) {
  const db = database.db;
  const brandId = newId("brand");
  await db.insert(brands).values({ id: brandId, name: "Bench brand", slug: `bench-${brandId.toLowerCase()}` });
  const [rule] = await db.insert(discountRules).values({ brandId, percent: 15 }).returning({ id: discountRules.id });
  const code = `BENCH${randomBytes(4).toString("hex").toUpperCase()}`;
  await db.insert(discountCodes).values({
    id: codeIdOf(code),
    code,
    ruleId: rule!.id,
    brandId,
    validFrom: new Date(Date.now() - 60_000),
    validUntil: new Date(Date.now() + 86_400_000),
  });
  const shoppers: { id: string; cookie: string }[] = [];
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, () => {
      const id = newId("user");
      return { id, email: `${id.toLowerCase()}@bench.test`, name: "Bench shopper", role: "shopper" as const };
    });
    await db.insert(users).values(batch);
    for (const u of batch) shoppers.push({ id: u.id, cookie: await sessionCookie({ id: u.id, email: u.email, name: u.name, role: "shopper" }) });
  }
  return { code, brandId, shoppers };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(url: string, code: string, shoppers: { id: string; cookie: string }[], brandId: string) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= shoppers.length) return;
        const u = shoppers[i]!;
        const t0 = performance.now();
        const res = await fetch(`${url}/api/v1/discountcodeusage`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: u.cookie },
          body: JSON.stringify({
            code,
            userId: u.id,
            cart: { currency: "EUR", lines: [{ sku: "B-1", brandId, unitAmount: 2999, quantity: 2 }, { sku: "X-1", brandId: "brd_other", unitAmount: 500, quantity: 1 }] },
          }),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: shoppers.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    // This process only (routes, drivers, PGlite, the load generator; not Postgres/Redis/bridge).
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / shoppers.length,
  };
}

async function main() {
  report(`POST /api/v1/discountcodeusage — ${REQUESTS} redemptions (each a new user → 201), ${CONCURRENCY} in flight, after ${WARMUP} warm-up\n`);
  const rows: string[] = [];
  for (const stack of await stacks()) {
    const opened = await stack.open();
    const server = await startTestServer(testDeps(opened.database, { ledger: opened.ledger }));
    try {
      const { code, brandId, shoppers } = await seed(opened.database, WARMUP + REQUESTS);
      await run(server.url, code, shoppers.slice(0, WARMUP), brandId);
      const r = await run(server.url, code, shoppers.slice(WARMUP), brandId);
      const statuses = [...r.statuses].map(([s, n]) => `${n}×${s}`).join(" ");
      rows.push(
        `${stack.name.padEnd(46)} ${r.perSecond.toFixed(0).padStart(6)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   ` +
          `p99 ${r.p99.toFixed(1).padStart(6)} ms   cpu ${r.cpuMsPerRequest.toFixed(2)} ms/req   ${statuses}`,
      );
      report(rows[rows.length - 1]);
    } finally {
      await server.close();
      await opened.close();
    }
  }
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    log.error({ err: summarizeError(e) }, "redeem.ts failed");
    process.exit(1);
  });
