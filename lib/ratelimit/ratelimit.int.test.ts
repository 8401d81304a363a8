// One contract, both limiters: the database limiter on PGlite (and real PostgreSQL when
// TEST_DATABASE_URL is set) and the Upstash limiter (@upstash/ratelimit) over the REST bridge on
// real Redis (TEST_REDIS_URL), as lib/ledger/ledger.int.test.ts does for the usage ledger.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "@/test/db";
import { openUpstashPrefix, type UpstashBridge } from "@/test/upstash-bridge";
import { rateLimitCounters } from "../db/schema";
import type { Database } from "../db";
import { consumeOrThrow, limitFailures, rateLimitedError } from ".";
import { createDatabaseLimiter } from "./database";
import type { RateLimiter, RateRule } from "./types";
import { createUpstashLimiter } from "./upstash";
import { redisUrlFor } from "@/test/skipped-suites";

interface LimiterUnderTest {
  name: string;
  open(): Promise<{ limiter: RateLimiter; close(): Promise<void>; database?: Database; bridge?: UpstashBridge }>;
}

const redisUrl = redisUrlFor("the Upstash limiter");

const implementations: LimiterUnderTest[] = [
  ...testDatabases().map((d) => ({
    name: `database limiter on ${d.name}`,
    open: async () => {
      const database = await d.open();
      return { limiter: createDatabaseLimiter(database.db), database, close: () => database.close() };
    },
  })),
  ...(redisUrl
    ? [
        {
          name: "Upstash limiter over the bridge on Redis",
          open: async () => {
            const { bridge, prefix, close } = await openUpstashPrefix(redisUrl);
            return { limiter: createUpstashLimiter({ url: bridge.url, token: bridge.token, prefix }), bridge, close };
          },
        },
      ]
    : []),
];

let n = 0;
const rule = (limit: number, windowSeconds = 3600): RateRule => ({ name: `r${n++}${randomBytes(3).toString("hex")}`, limit, windowSeconds, what: "Slow down." });
const key = () => randomBytes(6).toString("hex");

describe.each(implementations)("$name", ({ open }) => {
  let ctx: Awaited<ReturnType<LimiterUnderTest["open"]>>;
  let limiter: RateLimiter;
  beforeAll(async () => {
    ctx = await open();
    limiter = ctx.limiter;
  });
  afterAll(async () => ctx?.close());

  it("allows up to the limit, then refuses with the seconds left in the window", async () => {
    const hit = { rule: rule(3), key: key() };
    for (let i = 0; i < 3; i++) expect((await limiter.consume([hit])).allowed).toBe(true);
    const refused = await limiter.consume([hit]);
    expect(refused.allowed).toBe(false);
    expect(refused.refusedBy).toBe(hit.rule);
    const left = Math.ceil((Math.floor(Date.now() / 3600_000 + 1) * 3600_000 - Date.now()) / 1000);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(Math.abs(refused.retryAfter - left)).toBeLessThanOrEqual(2);
  });

  it("peeks without counting: allowed while one more would be within the limit", async () => {
    const hit = { rule: rule(2), key: key() };
    expect((await limiter.peek([hit])).allowed).toBe(true);
    expect((await limiter.peek([hit])).allowed).toBe(true);
    await limiter.consume([hit]);
    expect((await limiter.peek([hit])).allowed).toBe(true);
    await limiter.consume([hit]);
    const d = await limiter.peek([hit]);
    expect(d.allowed).toBe(false);
    expect(d.retryAfter).toBeGreaterThanOrEqual(1);
  });

  it("keeps keys and rules apart, and decides on all counters of a call together", async () => {
    const a = rule(1);
    const b = rule(5);
    const k = key();
    expect((await limiter.consume([{ rule: a, key: k }])).allowed).toBe(true);
    expect((await limiter.consume([{ rule: a, key: key() }])).allowed).toBe(true);
    expect((await limiter.consume([{ rule: b, key: k }])).allowed).toBe(true);
    const both = await limiter.consume([{ rule: b, key: k }, { rule: a, key: k }]);
    expect(both).toMatchObject({ allowed: false, refusedBy: a });
  });

  it("gives counts back with a negative consume", async () => {
    const hit = { rule: rule(2), key: key() };
    await limiter.consume([hit]);
    await limiter.consume([hit]);
    await limiter.consume([hit], { by: -1 });
    expect((await limiter.consume([hit])).allowed).toBe(true);
    expect((await limiter.consume([hit])).allowed).toBe(false);
  });

  it("counts exactly under concurrency: exactly `limit` of 40 concurrent attempts pass", async () => {
    const hit = { rule: rule(7), key: key() };
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.consume([hit])));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });

  it("remembers a refusal in-process until the window ends (knownRefused)", async () => {
    const hit = { rule: rule(1), key: key() };
    expect(limiter.knownRefused(hit)).toBe(0);
    await limiter.consume([hit]);
    expect(limiter.knownRefused(hit)).toBe(0);
    await limiter.consume([hit]);
    expect(limiter.knownRefused(hit)).toBeGreaterThanOrEqual(1);
  });

  it("opens a fresh window when the last one ends", async () => {
    const hit = { rule: rule(1, 1), key: key() };
    // Start right after a second boundary, so both calls fall in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    expect((await limiter.consume([hit])).allowed).toBe(true);
    const refused = await limiter.consume([hit]);
    expect(refused).toMatchObject({ allowed: false, retryAfter: 1 });
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    expect((await limiter.consume([hit])).allowed).toBe(true);
  });

  it("limitFailures counts failures only; consumeOrThrow answers 429 rate_limited with retryAfter", async () => {
    const hits = [{ rule: rule(2), key: key() }];
    for (let i = 0; i < 5; i++) await limitFailures(limiter, { hits, attempt: async () => "ok" }); // successes give back
    for (let i = 0; i < 2; i++) await expect(limitFailures(limiter, { hits, attempt: async () => Promise.reject(new Error("wrong")) })).rejects.toThrow("wrong");
    const e = await limitFailures(limiter, { hits, attempt: async () => "ok" }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "rate_limited", extra: { retryAfter: expect.any(Number) } });
    await expect(consumeOrThrow(limiter, hits)).rejects.toMatchObject({ code: "rate_limited" });
    expect(rateLimitedError(900).message).toContain("Too many attempts — try again in 15 minutes.");
  });

  it("sweeps counters of ended windows (the database; Redis expires its own)", async () => {
    const hit = { rule: rule(5, 1), key: key() };
    await limiter.consume([hit]);
    const swept = await limiter.sweep(new Date(Date.now() + 5_000));
    if (limiter.kind === "database") {
      expect(swept).toBeGreaterThanOrEqual(1);
      const rows = await ctx.database!.db.select().from(rateLimitCounters);
      expect(rows.every((r) => r.expiresAt.getTime() > Date.now() + 5_000)).toBe(true);
    } else {
      expect(swept).toBe(0);
    }
  });

  if (open === implementations.at(-1)?.open && redisUrl) {
    it("answers 503 unavailable, never 'allowed', when its store is down", async () => {
      ctx.bridge!.setDown(true);
      try {
        await expect(consumeOrThrow(limiter, [{ rule: rule(5), key: key() }])).rejects.toMatchObject({ code: "unavailable" });
      } finally {
        ctx.bridge!.setDown(false);
      }
    });
  }
});
