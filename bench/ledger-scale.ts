// The cost of one claim as the ledger grows: with 1e5, 1e6 and 1e7 claims already recorded, a few
// thousand fresh claims are measured on
//   (a) the Redis ledger (lib/ledger/upstash.ts) on a throwaway redis-server with Redis's default
//       encoding limits (bench/lib/redis-server.ts):
//       - the claim script alone: EVALSHA of the very call claim() makes (claimCall), over ioredis;
//         Redis's own µs per call (INFO commandstats, reset before each point), the client-side
//         sequential latency and the throughput with CONCURRENCY claims in flight;
//       - through the real client: createUpstashLedger → @upstash/redis → the Upstash-REST bridge
//         the tests use (test/upstash-bridge.ts) → Redis: sequential latency and throughput;
//   (b) the database ledger (lib/ledger/database.ts) on the local PostgreSQL, in throwaway
//       databases created and dropped here: sequential latency and throughput (pool of 10).
// The stores are filled fast, not through the API: codes of 8 000 claims (users drawn from a
// population of 1e6, as in bench/ledger-memory.ts), Redis with pipelined SADDs into the chosen
// layout's buckets (the steady state of old claims), PostgreSQL with INSERT … SELECT from
// generate_series (then VACUUM ANALYZE). Each point has its own Redis server and database, all
// filled first, then measured in interleaved rounds (each figure the median of the rounds), so
// the noise of a shared 2-core machine falls on every point alike. A fresh claim is a random user (mostly new, ~0.8 % taken)
// of a random code already present, i.e. it lands in a populated bucket / index page.
//   npx tsx bench/ledger-scale.ts
//   env: LEDGER_SCALE_MAX=1e6 (stop at that many claims; default 1e7), LEDGER_SCALE_CLAIMS (2000
//        measured claims per case and round; 3× that for the script alone), LEDGER_SCALE_ROUNDS (3),
//        PGURL (postgres://root@127.0.0.1:5432/postgres: where the throwaway databases are created)
//   import { runLedgerScale, markdown } from "./ledger-scale"
import { randomBytes, randomInt } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { startUpstashBridge, type UpstashBridge } from "../test/upstash-bridge";
import { openDatabase, type Database } from "../lib/db";
import { createDatabaseLedger } from "../lib/ledger/database";
import type { ClaimRef, UsageLedger } from "../lib/ledger/types";
import { BUCKETS, CLAIM_SCRIPT, claimCall, createUpstashLedger } from "../lib/ledger/upstash";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { startRedisServer, type RedisServer } from "./lib/redis-server";

const USERS = 1_000_000;
const PER_CODE = 8_000;
const CONCURRENCY = 16;
const PREFIX = "dl:";

export interface Timing {
  /** Claims measured. */
  n: number;
  p50Us: number;
  p99Us: number;
  /** Claims per second with CONCURRENCY in flight. */
  perSec: number;
}

export interface ScalePoint {
  claims: number;
  redis: {
    /** serverUsPerCall: Redis's own time in the script (commandstats); serverCpuUsPerCall: the server's CPU per claim, I/O included. */
    script: Timing & { serverUsPerCall: number; serverCpuUsPerCall: number };
    upstash: Timing;
    usedMemoryMiB: number;
  };
  db: Timing & { tableMiB: number };
}

export interface ScaleFigures {
  points: ScalePoint[];
  concurrency: number;
  rounds: number;
  /** Largest spread of each series from its first point, in % (the flatness target: ±10 % for Redis). */
  spread: { redisServer: number; redisCpu: number; redisScriptP50: number; upstashP50: number; dbP50: number };
}

export interface ScaleOptions {
  /** Claims present at each point (default 1e5, 1e6, 1e7, capped by `max`). */
  points?: number[];
  max?: number;
  /** Fresh claims measured per case. */
  claims?: number;
  /** Where the throwaway databases are created. */
  pgUrl?: string;
  /** Interleaved rounds over the points; each figure is the median of the rounds. */
  rounds?: number;
}

const codeIdOf = (i: number) => `${i.toString(16).padStart(8, "0")}${"c".repeat(56)}`; // 64 characters, like a SHA-256 hex id
const userIdOf = (seq: number) => `usr_${String(seq).padStart(26, "0")}`;

/** Distinct user seqs drawn from the population: one code's claimants. */
function claimants(n: number): number[] {
  const seqs = new Set<number>();
  while (seqs.size < n) seqs.add(1 + randomInt(USERS));
  return [...seqs];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Sequential latency of `n` calls, then the throughput of `n` calls with CONCURRENCY in flight. */
async function time(n: number, call: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(200, n); i++) await call(i); // warm-up
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    lat.push((performance.now() - t) * 1000);
  }
  lat.sort((a, b) => a - b);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await call(next++);
    }),
  );
  const perSec = n / ((performance.now() - t) / 1000);
  return { n, p50Us: quantile(lat, 0.5), p99Us: quantile(lat, 0.99), perSec };
}

/** A fresh claim of a random code among the first `codes`, by a random user of the population. */
function freshRef(codes: number): ClaimRef {
  const seq = 1 + randomInt(USERS);
  return { codeId: codeIdOf(randomInt(codes)), user: { id: userIdOf(seq), seq } };
}

// --- Redis ----------------------------------------------------------------------------------------

async function fillRedis(redis: Redis, fromCode: number, toCode: number, until: number): Promise<void> {
  let p = redis.pipeline();
  let queued = 0;
  for (let c = fromCode; c < toCode; c++) {
    const buckets = new Map<number, number[]>();
    for (const seq of claimants(PER_CODE)) {
      const b = seq % BUCKETS;
      let list = buckets.get(b);
      if (!list) buckets.set(b, (list = []));
      list.push(Math.floor(seq / BUCKETS));
    }
    for (const [b, members] of buckets) {
      const key = `${PREFIX}s:${codeIdOf(c)}:${b}`;
      p.sadd(key, ...members).expireat(key, until);
      queued += 2;
    }
    if (queued >= 20_000) {
      await p.exec();
      p = redis.pipeline();
      queued = 0;
    }
  }
  await p.exec();
}

/** The server's CPU seconds so far (user + system; not inflated when the machine preempts it). */
async function serverCpu(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? NaN) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? NaN);
}

async function serverUsPerEvalsha(redis: Redis): Promise<number> {
  const stats = await redis.info("commandstats");
  return Number(/cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([\d.]+)/.exec(stats)?.[1] ?? NaN);
}

// --- PostgreSQL -----------------------------------------------------------------------------------

type Sql = Awaited<ReturnType<typeof adminOf>>;
async function adminOf(url: string) {
  const { default: postgres } = await import("postgres");
  return postgres(url, { max: 1, onnotice: () => {} });
}

async function fillDb(sql: Sql, fromCode: number, toCode: number): Promise<void> {
  // One code's 8 000 users are a random sample of the population (hashed, so repeatable).
  const step = 125; // codes per statement: 1e6 rows
  for (let a = fromCode; a < toCode; a += step) {
    const b = Math.min(toCode, a + step) - 1;
    await sql.unsafe(`
      insert into usage_claims (code_id, user_id, claimed_at, expires_at)
      select lpad(to_hex(c), 8, '0') || repeat('c', 56),
             'usr_' || lpad((1 + (hashint8(c::bigint * 1000003 + u) & 2147483647) % ${USERS})::text, 26, '0'),
             now() - interval '1 hour', now() + interval '30 days'
      from generate_series(${a}, ${b}) c, generate_series(1, ${PER_CODE}) u
      on conflict do nothing`);
  }
  await sql.unsafe("vacuum analyze usage_claims");
}

// --- the run --------------------------------------------------------------------------------------

interface Setup {
  claims: number;
  codes: number;
  server: RedisServer;
  redis: Redis;
  sha1: string;
  bridge: UpstashBridge;
  upstash: UsageLedger;
  dbName: string;
  filler: Sql;
  database: Database;
  dbLedger: UsageLedger;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const medianTiming = (ts: Timing[]): Timing => ({ n: ts[0]!.n, p50Us: median(ts.map((t) => t.p50Us)), p99Us: median(ts.map((t) => t.p99Us)), perSec: median(ts.map((t) => t.perSec)) });

export async function runLedgerScale(opts: ScaleOptions = {}): Promise<ScaleFigures> {
  const max = opts.max ?? 1e7;
  const points = (opts.points ?? [1e5, 1e6, 1e7]).filter((p) => p <= max);
  const n = opts.claims ?? 2000;
  const rounds = opts.rounds ?? 3;
  const pgUrl = opts.pgUrl ?? "postgres://root@127.0.0.1:5432/postgres";
  const expiresAt = new Date(Date.now() + 30 * 86_400_000);
  const until = Math.ceil(expiresAt.getTime() / 1000);

  // One Redis server and one database per point, all filled first, then measured in interleaved
  // rounds (median of the rounds): the machine's noise hits every point alike.
  const admin = await adminOf(pgUrl);
  const setups: Setup[] = [];
  const out: ScalePoint[] = [];
  try {
    for (const claims of points) {
      const codes = Math.round(claims / PER_CODE);
      const server = await startRedisServer();
      const redis = new Redis(server.url);
      const bridge = await startUpstashBridge({ redisUrl: server.url });
      const dbName = `ledger_scale_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database ${dbName}`);
      const dbUrl = new URL(pgUrl);
      dbUrl.pathname = `/${dbName}`;
      const filler = await adminOf(dbUrl.toString());
      const database = await openDatabase({ kind: "postgres", url: dbUrl.toString(), migrate: true });
      const setup: Setup = {
        claims,
        codes,
        server,
        redis,
        sha1: (await redis.script("LOAD", CLAIM_SCRIPT)) as string,
        bridge,
        upstash: createUpstashLedger({ url: bridge.url, token: bridge.token, prefix: PREFIX }),
        dbName,
        filler,
        database,
        dbLedger: createDatabaseLedger(database.db),
      };
      setups.push(setup);
      const t0 = Date.now();
      await fillRedis(redis, 0, codes, until);
      const t1 = Date.now();
      await fillDb(filler, 0, codes);
      await filler.unsafe("checkpoint").catch(() => undefined);
      report(`ledger-scale: ${claims.toExponential(0).replace("+", "")} claims present (Redis filled in ${((t1 - t0) / 1000).toFixed(0)} s, PostgreSQL in ${((Date.now() - t1) / 1000).toFixed(0)} s)`);
    }
    const samples = setups.map(() => ({ server: [] as number[], cpu: [] as number[], script: [] as Timing[], upstash: [] as Timing[], db: [] as Timing[] }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, s] of setups.entries()) {
        const m = samples[i]!;
        await s.redis.config("RESETSTAT");
        const cpu0 = await serverCpu(s.redis);
        m.script.push(
          await time(3 * n, () => {
            const now = Date.now();
            const { keys, argv } = claimCall(PREFIX, freshRef(s.codes), { value: String(now * 1000 + randomInt(1000)), expiresAt, wall: now, retry: false });
            return s.redis.evalsha(s.sha1, keys.length, ...keys, ...argv);
          }),
        );
        m.server.push(await serverUsPerEvalsha(s.redis));
        const calls = Number(/cmdstat_evalsha:calls=(\d+)/.exec(await s.redis.info("commandstats"))?.[1] ?? NaN);
        m.cpu.push((((await serverCpu(s.redis)) - cpu0) * 1e6) / calls);
        m.upstash.push(await time(n, () => s.upstash.claim(freshRef(s.codes), { expiresAt, now: new Date() })));
        m.db.push(await time(n, () => s.dbLedger.claim(freshRef(s.codes), { expiresAt, now: new Date() })));
      }
      report(`ledger-scale: round ${round + 1} of ${rounds}: Redis µs per claim (in the call / CPU) ${samples.map((m) => `${m.server.at(-1)!.toFixed(1)}/${m.cpu.at(-1)!.toFixed(1)}`).join("  ")}`);
    }
    for (const [i, s] of setups.entries()) {
      const m = samples[i]!;
      const mem = Number(/used_memory:(\d+)/.exec(await s.redis.info("memory"))?.[1] ?? NaN) / 2 ** 20;
      const [size] = await s.filler.unsafe<{ bytes: string }[]>("select pg_total_relation_size('usage_claims')::text as bytes");
      out.push({
        claims: s.claims,
        redis: { script: { ...medianTiming(m.script), serverUsPerCall: median(m.server), serverCpuUsPerCall: median(m.cpu) }, upstash: medianTiming(m.upstash), usedMemoryMiB: mem },
        db: { ...medianTiming(m.db), tableMiB: Number(size!.bytes) / 2 ** 20 },
      });
    }
  } finally {
    for (const s of setups) {
      await s.database.close().catch(() => undefined);
      await s.filler.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${s.dbName} with (force)`).catch(() => undefined);
      await s.bridge.close();
      s.redis.disconnect();
      await s.server.stop();
    }
    await admin.end({ timeout: 5 });
  }
  return { points: out, concurrency: CONCURRENCY, rounds, spread: spreadOf(out) };
}

function spreadOf(points: ScalePoint[]): ScaleFigures["spread"] {
  const spread = (xs: number[]) => (xs.length ? Math.max(...xs.map((x) => Math.abs(x / xs[0]! - 1) * 100)) : 0);
  return {
    redisServer: spread(points.map((p) => p.redis.script.serverUsPerCall)),
    redisCpu: spread(points.map((p) => p.redis.script.serverCpuUsPerCall)),
    redisScriptP50: spread(points.map((p) => p.redis.script.p50Us)),
    upstashP50: spread(points.map((p) => p.redis.upstash.p50Us)),
    dbP50: spread(points.map((p) => p.db.p50Us)),
  };
}

function linesOf(f: ScaleFigures): string[] {
  const us = (x: number) => x.toFixed(x < 10 ? 1 : 0);
  const k = (x: number) => Math.round(x).toLocaleString("en");
  const t = (x: Timing) => `${us(x.p50Us)} / ${us(x.p99Us)} µs | ${k(x.perSec)}/s`;
  return [
    `| claims present | Redis: µs in the script / server CPU µs per claim | script via ioredis p50 / p99 | ×${f.concurrency} | Upstash client via bridge p50 / p99 | ×${f.concurrency} | PostgreSQL ledger p50 / p99 | ×${f.concurrency} | Redis MiB / table+index MiB |`,
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...f.points.map(
      (p) =>
        `| ${p.claims.toExponential(0).replace("+", "")} | ${p.redis.script.serverUsPerCall.toFixed(1)} / ${p.redis.script.serverCpuUsPerCall.toFixed(1)} | ${t(p.redis.script)} | ${t(p.redis.upstash)} | ${t(p.db)} | ${p.redis.usedMemoryMiB.toFixed(0)} / ${p.db.tableMiB.toFixed(0)} |`,
    ),
  ];
}

export function markdownOf(f: ScaleFigures): string[] {
  const n = f.points[0]?.db.n ?? 0;
  return [
    `${n.toLocaleString("en")} fresh claims per case and round (3× that for the script alone; random users of random codes of 8,000 claims each), sequential latency p50 / p99, then throughput with ${f.concurrency} in flight; each figure the median of ${f.rounds} rounds interleaved over the points. Redis: a throwaway redis-server with default limits; PostgreSQL: a throwaway database per point on the local server, pool of 10.`,
    "",
    ...linesOf(f),
    "",
    `Largest spread from the first point: Redis's own µs per claim ${f.spread.redisServer.toFixed(0)} % (its CPU per claim ${f.spread.redisCpu.toFixed(0)} %), script p50 ${f.spread.redisScriptP50.toFixed(0)} %, Upstash client p50 ${f.spread.upstashP50.toFixed(0)} %, PostgreSQL p50 ${f.spread.dbP50.toFixed(0)} %.`,
  ];
}

function optionsFromEnv(): ScaleOptions {
  const max = process.env.LEDGER_SCALE_MAX ? Number(process.env.LEDGER_SCALE_MAX) : undefined;
  const claims = process.env.LEDGER_SCALE_CLAIMS ? Number(process.env.LEDGER_SCALE_CLAIMS) : undefined;
  const rounds = process.env.LEDGER_SCALE_ROUNDS ? Number(process.env.LEDGER_SCALE_ROUNDS) : undefined;
  return { max, claims, rounds, pgUrl: process.env.PGURL };
}

/** For bench/run.ts: the figures as Markdown lines. */
export async function markdown(): Promise<string[]> {
  return markdownOf(await runLedgerScale(optionsFromEnv()));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  runLedgerScale(optionsFromEnv())
    .then((f) => report(markdownOf(f).join("\n")))
    .catch((e: unknown) => {
      log.error({ err: summarizeError(e) }, "ledger-scale.ts failed");
      process.exitCode = 1;
    });
}
