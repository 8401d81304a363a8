// Faults under load, on real services (issue 9, item 4): two app instances in their own processes
// (test/app-instance.ts) redeeming codes while PostgreSQL is cut, black-holed (test/tcp-proxy.ts in
// front of it), Redis is killed (a throwaway redis-server behind the Upstash bridge), or an
// instance is killed between its claim and its record. What must hold in every scenario:
//   - only 201, 409 and 503 answers (never a 500), none slower than 5 s;
//   - every 201 has its usage record;
//   - every shopper answered 503 can redeem afterwards: 201 — the original one (the same usage)
//     when the write had committed, by the same Idempotency-Key or through reconciliation;
//   - no shopper is told 409 already_used over a use they were never given.
// The measured figures (statuses, slowest answer, recovery after the fault ends) are printed.
// The shared PostgreSQL and Redis on 5432/6379 are never stopped or reconfigured.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { eq, inArray } from "drizzle-orm";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db";
import { usageRecords } from "@/lib/db/schema";
import { STALE_CLAIM_MS } from "@/lib/discounts";
import { apiClient, cookieAuth, insertCode, quickShoppers, type QuickUser } from "@/test/discount-fixtures";
import { createPostgresDatabase } from "@/test/db";
import { createUser, issueToken } from "@/test/fixtures";
import { startInstance, stopInstance, type Instance } from "@/test/instances";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";
import { startUpstashBridge, type UpstashBridge } from "@/test/upstash-bridge";
import { report as print } from "../lib/log/report";
import { hasStores } from "./skipped-suites";

const PATH = "/api/v1/discountcodeusage/";
const hour = 3600_000;
const enabled = hasStores("faults under load (two instances)", ["postgres", "redis"]);

// --- load and retries ----------------------------------------------------------------------------

interface Shopper extends QuickUser {
  auth: Record<string, string>;
  key?: string;
}

interface Attempt {
  shopper: Shopper;
  status: number;
  code?: string;
  usageId?: string;
  retryAfter: number | null;
  startedAt: number;
  ms: number;
  phase: "load" | "retry";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function attempt(url: string, code: string, s: Shopper, phase: Attempt["phase"]): Promise<Attempt> {
  const startedAt = performance.now();
  try {
    const res = await apiClient(url).post(PATH, { code, userId: s.id }, s.auth, s.key ? { "idempotency-key": s.key } : undefined);
    const body = res.body as { code?: string; id?: string } | null;
    const ra = res.headers.get("retry-after");
    return {
      shopper: s,
      status: res.status,
      code: res.status >= 400 ? body?.code : undefined,
      usageId: res.status === 201 ? body?.id : undefined,
      retryAfter: ra === null ? null : Number(ra),
      startedAt,
      ms: performance.now() - startedAt,
      phase,
    };
  } catch {
    return { shopper: s, status: 0, retryAfter: null, startedAt, ms: performance.now() - startedAt, phase };
  }
}

/** `concurrency` workers, each redeeming for a fresh shopper in turn, until `stopAt`. */
async function runLoad(urls: string[], code: string, shoppers: Shopper[], concurrency: number, stopAt: number): Promise<Attempt[]> {
  const out: Attempt[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < stopAt && next < shoppers.length) {
        const s = shoppers[next++]!;
        out.push(await attempt(urls[w % urls.length]!, code, s, "load"));
        await sleep(150);
      }
    }),
  );
  return out;
}

/**
 * Shoppers whose last answer was 503 (or a 409 request_in_progress) retry until they get a final
 * answer, honouring Retry-After — `concurrency` at a time, as the load ran (not all at once: two
 * instances on a shared 2-core machine would measure their own queue, not the fault).
 */
async function retryUnavailable(urls: string[], code: string, attempts: Attempt[], deadlineMs: number, concurrency = 20): Promise<Attempt[]> {
  const out: Attempt[] = [];
  const again = (a: Attempt) => a.status === 503 || a.status === 0 || a.code === "request_in_progress";
  const queue = attempts.filter(again).map((a) => ({ last: a, notBefore: performance.now() + Math.min(3, a.retryAfter ?? 1) * 1000 }));
  const until = performance.now() + deadlineMs;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (queue.length && performance.now() < until) {
        queue.sort((x, y) => x.notBefore - y.notBefore);
        const item = queue.shift()!;
        const wait = item.notBefore - performance.now();
        if (wait > 0) await sleep(wait);
        const next = await attempt(urls[n++ % urls.length]!, code, item.last.shopper, "retry");
        out.push(next);
        if (again(next)) queue.push({ last: next, notBefore: performance.now() + Math.min(3, next.retryAfter ?? 1) * 1000 });
      }
    }),
  );
  return out;
}

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

const figures: string[] = [];

function report(scenario: string, load: Attempt[], retries: Attempt[], faultStartedAt: number, faultEndedAt: number) {
  const all = [...load, ...retries];
  const statusOf = (a: Attempt) => (a.status === 409 || a.status === 503 ? `${a.status} ${a.code}` : String(a.status));
  const during = load.filter((a) => a.startedAt >= faultStartedAt && a.startedAt < faultEndedAt);
  const firstOk = load
    .filter((a) => a.status === 201 && a.startedAt >= faultEndedAt)
    .map((a) => a.startedAt + a.ms)
    .sort((x, y) => x - y)[0];
  const recovery = firstOk === undefined ? "none" : `${Math.round(firstOk - faultEndedAt)} ms`;
  const slowest = Math.round(Math.max(...all.map((a) => a.ms)));
  const line =
    `${scenario}: load ${JSON.stringify(countBy(load, statusOf))} (${during.length} started during the fault) · ` +
    `retries ${JSON.stringify(countBy(retries, statusOf))} · slowest ${slowest} ms · ` +
    `fault ${Math.round(faultEndedAt - faultStartedAt)} ms · first 201 after it ${recovery}`;
  figures.push(line);
  print(`[faults] ${line}`);
  const slow = all.filter((a) => a.ms > 3_000).map((a) => `${a.phase} ${a.status} ${a.code ?? ""} start ${Math.round(a.startedAt - faultStartedAt)} ms ${Math.round(a.ms)} ms`);
  if (slow.length) print(`[faults] ${scenario}: answers over 3 s (start relative to the fault):\n  ${slow.join("\n  ")}`);
  return { slowest, firstOk, during };
}

// --- the scenarios -------------------------------------------------------------------------------

describe.skipIf(!enabled)("faults under load: two instances, PostgreSQL and Redis", () => {
  let db: Database;
  let dbUrl: string;
  let drop: () => Promise<void>;
  let bridge: UpstashBridge;
  let proxy: TcpProxy;
  let pair: Instance[] = [];
  let brandId: string;
  const prefix = `t:${randomBytes(6).toString("hex")}:`;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    ({ url: dbUrl, drop } = created);
    db = await openDatabase({ kind: "postgres", url: dbUrl, migrate: false });
    bridge = await startUpstashBridge({ redisUrl: inject("redisUrl")! });
    proxy = await startTcpProxy({ port: Number(new URL(dbUrl).port || 5432), host: new URL(dbUrl).hostname });
    const env = {
      INSTANCE_DATABASE_URL: proxy.urlFor(dbUrl),
      INSTANCE_UPSTASH_URL: bridge.url,
      INSTANCE_UPSTASH_TOKEN: bridge.token,
      INSTANCE_UPSTASH_PREFIX: prefix,
    };
    pair = await Promise.all([startInstance(env), startInstance(env)]);
    const owner = await createUser(db.db, { role: "brand", brandName: "Faults" });
    brandId = owner.brand!.id;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(pair.map(stopInstance));
    await proxy?.close();
    const raw = new IORedis(inject("redisUrl")!);
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length) await raw.del(...keys);
    raw.disconnect();
    await bridge?.close();
    await db?.close();
    await drop?.();
    print(`\n[faults] measured:\n${figures.map((f) => `  ${f}`).join("\n")}\n`);
  });

  /** Shoppers half on session cookies, half on bearer tokens; every other one sends an Idempotency-Key. */
  async function shoppers(n: number): Promise<Shopper[]> {
    const users = await quickShoppers(db.db, n);
    return Promise.all(
      users.map(async (u, i) => ({
        ...u,
        auth: i % 2 === 0 ? cookieAuth(u) : { authorization: `Bearer ${await issueToken(db.db, u.id)}` },
        ...(i % 4 < 2 ? { key: `k-${u.id}` } : {}),
      })),
    );
  }

  async function newCode(): Promise<{ id: string; code: string }> {
    return insertCode(db.db, { brandId, validFrom: new Date(Date.now() - hour), validUntil: new Date(Date.now() + 24 * hour) });
  }

  /** The assertions every scenario shares. */
  async function verify(codeId: string, load: Attempt[], retries: Attempt[]) {
    const all = [...load, ...retries];
    expect(countBy(all, (a) => String(a.status)), "only 201, 409 and 503").toSatisfy((c: Record<string, number>) =>
      Object.keys(c).every((s) => ["201", "409", "503"].includes(s)),
    );
    expect(Math.max(...all.map((a) => a.ms)), "no answer slower than 5 s").toBeLessThan(5_000);
    // Every shopper here is fresh and redeems once: an already_used is a lie.
    expect(all.filter((a) => a.code === "already_used").map((a) => a.shopper.id), "no 409 already_used").toEqual([]);
    const tried = [...new Set(load.map((a) => a.shopper.id))];
    const codeRows = (await db.db.select().from(usageRecords).where(inArray(usageRecords.userId, tried))).filter((r) => r.codeId === codeId);
    const recordOf = new Map(codeRows.map((r) => [r.userId, r]));
    for (const a of all.filter((x) => x.status === 201)) {
      expect(recordOf.get(a.shopper.id)?.id, "every 201 has its record, and it is that usage").toBe(a.usageId);
    }
    // Every shopper ended with a 201 (the 503s retried), and exactly one record each.
    const lastOf = new Map<string, Attempt>();
    for (const a of all) lastOf.set(a.shopper.id, a);
    expect([...lastOf.values()].filter((a) => a.status !== 201).map((a) => `${a.shopper.id} ${a.status} ${a.code}`), "every shopper redeemed in the end").toEqual([]);
    expect(codeRows.length, "one record per shopper").toBe(tried.length);
  }

  it("(a) PostgreSQL cut for 4 s under ~20 redemptions in flight", async () => {
    const { id: codeId, code } = await newCode();
    const people = await shoppers(1500);
    const urls = pair.map((p) => p.url);
    const t0 = performance.now();
    const loading = runLoad(urls, code, people, 20, t0 + 9_000);
    await sleep(2_000);
    const cutAt = performance.now();
    proxy.cut();
    await sleep(4_000);
    await proxy.pass();
    const passAt = performance.now();
    const load = await loading;
    const retries = await retryUnavailable(urls, code, load, 25_000);
    const { firstOk, during } = report("PostgreSQL cut", load, retries, cutAt, passAt);
    expect(during.length).toBeGreaterThan(10);
    expect(firstOk, "a 201 after the database returned").toBeDefined();
    await verify(codeId, load, retries);
  }, 60_000);

  it("(b) PostgreSQL black-holed for 4 s under ~20 redemptions in flight", async () => {
    const { id: codeId, code } = await newCode();
    const people = await shoppers(1500);
    const urls = pair.map((p) => p.url);
    const t0 = performance.now();
    const loading = runLoad(urls, code, people, 20, t0 + 9_000);
    await sleep(2_000);
    const holeAt = performance.now();
    proxy.blackhole();
    await sleep(4_000);
    await proxy.pass();
    const passAt = performance.now();
    const load = await loading;
    const retries = await retryUnavailable(urls, code, load, 25_000);
    const { firstOk, during } = report("PostgreSQL black-holed", load, retries, holeAt, passAt);
    expect(during.length).toBeGreaterThan(10);
    expect(firstOk, "a 201 after the database returned").toBeDefined();
    await verify(codeId, load, retries);
  }, 60_000);

  it("(c) Redis killed (kill -9) and restarted under ~20 redemptions in flight", async () => {
    const port = await freePort();
    const startRedis = () =>
      spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    let redis = startRedis();
    await waitForPort(port);
    const own = await startUpstashBridge({ redisUrl: `redis://127.0.0.1:${port}` });
    const env = {
      INSTANCE_DATABASE_URL: dbUrl,
      INSTANCE_UPSTASH_URL: own.url,
      INSTANCE_UPSTASH_TOKEN: own.token,
      INSTANCE_UPSTASH_PREFIX: prefix,
    };
    const instances = await Promise.all([startInstance(env), startInstance(env)]);
    try {
      const { id: codeId, code } = await newCode();
      const people = await shoppers(1500);
      const urls = instances.map((p) => p.url);
      const t0 = performance.now();
      const loading = runLoad(urls, code, people, 20, t0 + 9_000);
      await sleep(2_000);
      const killAt = performance.now();
      redis.kill("SIGKILL");
      await sleep(3_000);
      redis = startRedis();
      await waitForPort(port);
      const upAt = performance.now();
      const load = await loading;
      const retries = await retryUnavailable(urls, code, load, 25_000);
      const { firstOk, during } = report("Redis killed", load, retries, killAt, upAt);
      expect(during.length).toBeGreaterThan(10);
      expect(firstOk, "a 201 after Redis returned").toBeDefined();
      await verify(codeId, load, retries);
    } finally {
      await Promise.all(instances.map(stopInstance));
      await own.close();
      redis.kill("SIGKILL");
    }
  }, 60_000);

  it("(d) an instance killed (kill -9) between its claim and its record: the retry on the other is served", async () => {
    const common = { INSTANCE_DATABASE_URL: dbUrl, INSTANCE_UPSTASH_URL: bridge.url, INSTANCE_UPSTASH_TOKEN: bridge.token, INSTANCE_UPSTASH_PREFIX: prefix };
    // The survivor's clock runs past STALE_CLAIM_MS: the dead instance's claim is already stranded there.
    const [doomed, survivor] = await Promise.all([
      startInstance({ ...common, INSTANCE_PAUSE_AFTER_CLAIM: "1" }),
      startInstance({ ...common, INSTANCE_CLOCK_OFFSET_MS: String(STALE_CLAIM_MS + 1_000) }),
    ]);
    try {
      const { code } = await newCode();
      const [s] = await shoppers(1);
      const results: string[] = [];
      const inFlight = attempt(doomed.url, code, s!, "load");
      await doomed.nextLine((l) => l.includes('"paused"'));
      doomed.child.kill("SIGKILL");
      expect((await inFlight).status, "the connection died with the process").toBe(0);
      const retry = await attempt(survivor.url, code, s!, "retry");
      results.push(`retry on the other instance ${retry.status} in ${Math.round(retry.ms)} ms`);
      expect(retry.status).toBe(201);
      const rows = await db.db.select().from(usageRecords).where(eq(usageRecords.userId, s!.id));
      expect(rows.map((r) => r.id)).toEqual([retry.usageId]);
      // The same key replays that 201; a new attempt without it is refused.
      const replay = await attempt(survivor.url, code, s!, "retry");
      expect([replay.status, replay.usageId]).toEqual([201, retry.usageId]);
      const again = await attempt(survivor.url, code, { ...s!, key: undefined }, "retry");
      results.push(`the same again ${replay.status} (replayed), without the key ${again.status} ${again.code}`);
      expect(again.status).toBe(409);
      expect(again.code).toBe("already_used");
      figures.push(`instance killed between claim and record: ${results.join("; ")}`);
      print(`[faults] instance killed between claim and record: ${results.join("; ")}`);
    } finally {
      doomed.child.kill("SIGKILL");
      await stopInstance(survivor);
    }
  }, 60_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect({ port, host: "127.0.0.1" }, () => (c.destroy(), resolve(true)));
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on ${port}`);
}
