// One contract, every implementation: the database ledger on PGlite (and real PostgreSQL when
// TEST_DATABASE_URL is set) and the Upstash ledger over the REST bridge on real Redis
// (TEST_REDIS_URL; always set in CI, where global-setup refuses to run without it).
import { randomBytes } from "node:crypto";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "@/test/db";
import { startUpstashBridge, type UpstashBridge } from "@/test/upstash-bridge";
import type { Database } from "../db";
import { brands, discountCodes, discountRules } from "../db/schema";
import { createDatabaseLedger } from "./database";
import type { ClaimRef, UsageLedger } from "./types";
import { BUCKETS, createUpstashLedger, RECENT_MS } from "./upstash";
import { redisUrlFor } from "@/test/skipped-suites";

interface LedgerUnderTest {
  name: string;
  open(): Promise<{
    ledger: UsageLedger;
    close(): Promise<void>;
    bridge?: UpstashBridge;
    prefix?: string;
    /** A capped code the ledger can count (the database ledger counts on the code's row). */
    cappedCode?(cap: number): Promise<string>;
  }>;
}

const redisUrl = redisUrlFor("the Upstash ledger");

const implementations: LedgerUnderTest[] = [
  ...testDatabases().map((d) => ({
    name: `database ledger on ${d.name}`,
    open: async () => {
      const database: Database = await d.open();
      const ledger = createDatabaseLedger(database.db);
      let brandId: string | undefined;
      const cappedCode = async (cap: number) => {
        if (!brandId) {
          brandId = `brd_${randomBytes(8).toString("hex")}`;
          await database.db.insert(brands).values({ id: brandId, name: "Ledger Brand", slug: brandId.toLowerCase() });
        }
        const [rule] = await database.db.insert(discountRules).values({ brandId, percent: 10 }).returning({ id: discountRules.id });
        const id = newCode();
        await database.db.insert(discountCodes).values({ id, code: id.slice(0, 20).toUpperCase(), ruleId: rule!.id, brandId, validUntil: new Date(Date.now() + 86_400_000), maxRedemptions: cap });
        return id;
      };
      return { ledger, close: () => database.close(), cappedCode };
    },
  })),
  ...(redisUrl
    ? [
        {
          name: "Upstash ledger over the bridge on Redis",
          open: async () => {
            const bridge = await startUpstashBridge({ redisUrl });
            const prefix = `t:${randomBytes(6).toString("hex")}:`;
            const ledger = createUpstashLedger({ url: bridge.url, token: bridge.token, prefix });
            return {
              ledger,
              bridge,
              prefix,
              close: async () => {
                const raw = new IORedis(redisUrl);
                const keys = await raw.keys(`${prefix}*`);
                if (keys.length) await raw.del(...keys);
                raw.disconnect();
                await bridge.close();
              },
            };
          },
        },
      ]
    : []),
];

const hour = 3600_000;
let seqs = 1;
const newUser = () => {
  const seq = seqs++ * 7919; // spread over buckets
  return { id: `usr_${randomBytes(8).toString("hex")}`, seq };
};
const newCode = () => randomBytes(32).toString("hex");

describe.each(implementations)("$name", ({ name, open }) => {
  let ledger: UsageLedger;
  let ctx: Awaited<ReturnType<LedgerUnderTest["open"]>>;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + hour);

  beforeAll(async () => {
    ctx = await open();
    ledger = ctx.ledger;
  });
  afterAll(async () => ctx?.close());

  it("answers a ping", async () => {
    await expect(ledger.ping()).resolves.toBeUndefined();
  });

  it("grants a claim once per (user, code)", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    expect(await ledger.isClaimed(ref, now)).toBe(false);
    expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
    expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("taken");
    expect(await ledger.isClaimed(ref, now)).toBe(true);
  });

  it("keeps users and codes apart", async () => {
    const user = newUser();
    const code = newCode();
    expect((await ledger.claim({ codeId: code, user }, { expiresAt, now })).status).toBe("won");
    expect((await ledger.claim({ codeId: newCode(), user }, { expiresAt, now })).status).toBe("won");
    expect((await ledger.claim({ codeId: code, user: newUser() }, { expiresAt, now })).status).toBe("won");
    // Users whose seqs share a Redis bucket are still distinct.
    const twin = { id: `usr_${randomBytes(8).toString("hex")}`, seq: user.seq + BUCKETS };
    expect((await ledger.claim({ codeId: code, user: twin }, { expiresAt, now })).status).toBe("won");
    expect(await ledger.isClaimed({ codeId: code, user: newUser() }, now)).toBe(false);
  });

  it("gives a released claim back", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
    await ledger.release(ref);
    expect(await ledger.isClaimed(ref, now)).toBe(false);
    expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
    await ledger.release({ codeId: ref.codeId, user: newUser() }); // releasing nothing is harmless
    expect(await ledger.isClaimed(ref, now)).toBe(true);
  });

  it("tells a loser when the standing claim was made, to the millisecond", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const first = new Date(now.getTime() - 45_678);
    expect(await ledger.claim(ref, { expiresAt, now: first })).toEqual({ status: "won", claimedAt: first });
    expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: first });
    expect(await ledger.claim(ref, { expiresAt, now: new Date(now.getTime() + 1) })).toEqual({ status: "taken", claimedAt: first });
  });

  it("releases a claim by compare-and-delete: only the claim made at that time, never one made since", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const old = new Date(now.getTime() - 60_000);
    expect(await ledger.release(ref, { claimedAt: old })).toBe(false); // nothing to release
    expect((await ledger.claim(ref, { expiresAt, now: old })).status).toBe("won");
    for (const other of [new Date(old.getTime() + 1), new Date(old.getTime() - 1), now]) {
      expect(await ledger.release(ref, { claimedAt: other })).toBe(false);
      expect(await ledger.isClaimed(ref, now)).toBe(true);
    }
    expect(await ledger.release(ref, { claimedAt: old })).toBe(true);
    expect(await ledger.isClaimed(ref, now)).toBe(false);
    // Claimed again since: the old claim's compare-and-delete leaves the new one alone.
    expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
    expect(await ledger.release(ref, { claimedAt: old })).toBe(false);
    expect(await ledger.isClaimed(ref, now)).toBe(true);
    // Without a time, release takes whatever claim there is.
    expect(await ledger.release(ref)).toBe(true);
    expect(await ledger.release(ref)).toBe(false);
  });

  it("lets exactly one of 50 concurrent reconcilers of one stale claim take it over", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const old = new Date(now.getTime() - 60_000);
    expect((await ledger.claim(ref, { expiresAt, now: old })).status).toBe("won");
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const released = await ledger.release(ref, { claimedAt: old });
        return { released, claim: await ledger.claim(ref, { expiresAt, now }) };
      }),
    );
    expect(outcomes.filter((o) => o.released)).toHaveLength(1);
    expect(outcomes.filter((o) => o.claim.status === "won")).toHaveLength(1);
    const after = await ledger.claim(ref, { expiresAt, now: new Date(now.getTime() + 1) });
    expect(after).toEqual({ status: "taken", claimedAt: now });
  });

  it("lets exactly one of 200 concurrent claims of one pair win", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const results = await Promise.all(Array.from({ length: 200 }, () => ledger.claim(ref, { expiresAt, now })));
    expect(results.filter((r) => r.status === "won")).toHaveLength(1);
    expect(results.filter((r) => r.status === "taken")).toHaveLength(199);
    // Every loser learns the winner's time — or, on the database, nothing for a claim committed
    // while its own statement ran (in flight by definition).
    const times = results.flatMap((r) => (r.status === "taken" ? [r.claimedAt?.getTime() ?? null] : []));
    expect(times.every((t) => t === now.getTime() || (t === null && ledger.kind === "database"))).toBe(true);
  });

  it("marks a claim unresolved by compare-and-set (that very claim only) and clears the mark", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const first = new Date(now.getTime() - 3_456);
    expect(await ledger.mark(ref, { claimedAt: first, unresolved: true })).toBe(false); // nothing to mark
    expect((await ledger.claim(ref, { expiresAt, now: first })).status).toBe("won");
    expect(await ledger.mark(ref, { claimedAt: new Date(first.getTime() + 1), unresolved: true })).toBe(false);
    expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: first });
    expect(await ledger.mark(ref, { claimedAt: first, unresolved: true })).toBe(true);
    expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: first, unresolved: true });
    expect(await ledger.release(ref, { claimedAt: now })).toBe(false); // still compare-and-delete
    expect(await ledger.mark(ref, { claimedAt: first, unresolved: false })).toBe(true);
    expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: first });
    expect(await ledger.mark(ref, { claimedAt: first, unresolved: true })).toBe(true);
    expect(await ledger.release(ref, { claimedAt: first })).toBe(true);
    expect(await ledger.isClaimed(ref, now)).toBe(false);
    expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "won", claimedAt: now });
  });

  describe("a capped code (API.md part 2): the cap is counted in the claim's own atomic step", () => {
    const capped = (cap: number) => (ctx.cappedCode ? ctx.cappedCode(cap) : Promise.resolve(newCode()));

    it("50 users racing for 3 uses: exactly 3 win, the rest are told exhausted; a user's own claim is still taken", async () => {
      const codeId = await capped(3);
      const users = Array.from({ length: 50 }, newUser);
      const results = await Promise.all(users.map((user) => ledger.claim({ codeId, user, cap: 3 }, { expiresAt, now })));
      const won = results.filter((r) => r.status === "won");
      expect(won).toHaveLength(3);
      expect(won.map((r) => (r as { uses: number }).uses).sort()).toEqual([1, 2, 3]);
      expect(results.filter((r) => r.status === "exhausted")).toHaveLength(47);
      const winner = users[results.findIndex((r) => r.status === "won")]!;
      expect((await ledger.claim({ codeId, user: winner, cap: 3 }, { expiresAt, now })).status).toBe("taken");
    });

    it("a release gives exactly one use back, however often it is repeated or raced", async () => {
      const codeId = await capped(1);
      const a = newUser();
      const ref: ClaimRef = { codeId, user: a, cap: 1 };
      expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
      expect((await ledger.claim({ codeId, user: newUser(), cap: 1 }, { expiresAt, now })).status).toBe("exhausted");
      const released = await Promise.all(Array.from({ length: 10 }, () => ledger.release(ref, { claimedAt: now })));
      expect(released.filter(Boolean)).toHaveLength(1);
      // One use back: of 10 racers, one wins.
      const racers = await Promise.all(Array.from({ length: 10 }, () => ledger.claim({ codeId, user: newUser(), cap: 1 }, { expiresAt, now })));
      expect(racers.filter((r) => r.status === "won")).toHaveLength(1);
    });
  });

  it("lets 100 users claim one code at once", async () => {
    const codeId = newCode();
    const users = Array.from({ length: 100 }, newUser);
    const results = await Promise.all(users.map((user) => ledger.claim({ codeId, user }, { expiresAt, now })));
    expect(results.every((r) => r.status === "won")).toBe(true);
    const again = await Promise.all(users.map((user) => ledger.isClaimed({ codeId, user }, now)));
    expect(again.every(Boolean)).toBe(true);
  });

  it("forgets claims once their code has ended", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const ends = new Date(now.getTime() + 60_000);
    expect((await ledger.claim(ref, { expiresAt: ends, now })).status).toBe("won");
    const later = new Date(ends.getTime() + 1000);
    await ledger.sweep(later);
    if (ledger.kind === "database") {
      expect(await ledger.isClaimed(ref, later)).toBe(false);
      expect((await ledger.claim(ref, { expiresAt: new Date(later.getTime() + hour), now: later })).status).toBe("won");
    } else {
      // Redis expires the bucket itself, at the code's end.
      const raw = new IORedis(redisUrl!);
      const keys = await raw.keys(`${ctx.prefix}s:${ref.codeId}:*`);
      expect(keys).toHaveLength(1);
      const at = await raw.expiretime(keys[0]!);
      raw.disconnect();
      expect(at).toBe(Math.ceil(ends.getTime() / 1000));
    }
  });

  it("does not keep a claim for a code that has already ended", async () => {
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    const ended = new Date(now.getTime() - 5000);
    await ledger.claim(ref, { expiresAt: ended, now });
    await ledger.sweep(now);
    expect(await ledger.isClaimed(ref, now)).toBe(false);
  });

  it("counts hits in fixed windows", async () => {
    const key = `user:${randomBytes(4).toString("hex")}`;
    const w = { seconds: 60, now: new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 1000) };
    expect(await ledger.hits(key, w)).toBe(0);
    expect(await ledger.hit(key, w)).toBe(1);
    const counts = await Promise.all(Array.from({ length: 20 }, () => ledger.hit(key, w)));
    expect(Math.max(...counts)).toBe(21);
    expect(new Set(counts).size).toBe(20);
    expect(await ledger.hits(key, { ...w, now: new Date(w.now.getTime() + 30_000) })).toBe(21);
    const next = { ...w, now: new Date(w.now.getTime() + 60_000) };
    expect(await ledger.hits(key, next)).toBe(0);
    expect(await ledger.hit(key, next)).toBe(1);
  });

  it("refuses a claim while its guard's counter is at the limit, in the same operation", async () => {
    const key = `guard:${randomBytes(4).toString("hex")}`;
    const guard = { key, window: { seconds: 60, now }, limit: 2 };
    const ref: ClaimRef = { codeId: newCode(), user: newUser() };
    await ledger.hit(key, guard.window);
    expect((await ledger.claim(ref, { expiresAt, now, guard })).status).toBe("won");
    const other: ClaimRef = { codeId: newCode(), user: ref.user };
    await ledger.hit(key, guard.window);
    expect((await ledger.claim(other, { expiresAt, now, guard })).status).toBe("limited");
    expect(await ledger.isClaimed(other, now)).toBe(false);
    expect((await ledger.claim(other, { expiresAt, now })).status).toBe("won");
  });

  // Only the Upstash ledger has a store of its own that can be down while the database is up.
  if (name.startsWith("Upstash")) {
    it("fails loudly when the store is down (the caller answers 503)", async () => {
      ctx.bridge!.setDown(true);
      try {
        await expect(ledger.claim({ codeId: newCode(), user: newUser() }, { expiresAt, now })).rejects.toThrow();
        await expect(ledger.ping()).rejects.toThrow();
      } finally {
        ctx.bridge!.setDown(false);
      }
    });

    it("counts a claim whose response was lost as won when it retries, not as taken", async () => {
      const ref: ClaimRef = { codeId: newCode(), user: newUser() };
      ctx.bridge!.dropResponses(1);
      expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("won");
      expect(await ledger.isClaimed(ref, now)).toBe(true);
      expect((await ledger.claim(ref, { expiresAt, now })).status).toBe("taken");
    });

    // The layout (upstash.ts): a claim is one small integer in an intset bucket; its exact time
    // lives in the recent hashes only while it is young (or in the unresolved hash while marked).
    const forgetRecent = async (codeId: string) => {
      const raw = new IORedis(redisUrl!);
      const keys = await raw.keys(`${ctx.prefix}r:${codeId}:*`);
      if (keys.length) await raw.del(...keys);
      raw.disconnect();
    };

    it("stores a claim as member floor(seq / BUCKETS) of an intset bucket seq mod BUCKETS", async () => {
      const codeId = newCode();
      // Distinct seqs (users.seq is unique): twenty draws from 6,000 collide ~3 % of the time.
      const seqs = new Set<number>();
      while (seqs.size < 20) seqs.add(5 + BUCKETS * (1000 + Math.floor(Math.random() * 6000)));
      const users = [...seqs].map((seq) => ({ id: `usr_${randomBytes(8).toString("hex")}`, seq }));
      for (const user of users) expect((await ledger.claim({ codeId, user }, { expiresAt, now })).status).toBe("won");
      const raw = new IORedis(redisUrl!);
      const bucket = `${ctx.prefix}s:${codeId}:5`;
      const members = (await raw.smembers(bucket)).map(Number).sort((a, b) => a - b);
      const encoding = await raw.object("ENCODING", bucket);
      const ttl = await raw.ttl(bucket);
      raw.disconnect();
      expect(members).toEqual([...new Set(users.map((u) => Math.floor(u.seq / BUCKETS)))].sort((a, b) => a - b));
      expect(encoding).toBe("intset");
      expect(ttl).toBeGreaterThan(hour / 1000 - 60);
    });

    it("an old claim (its exact time forgotten) is still taken, reported at least RECENT_MS old, and released by its own time", async () => {
      const ref: ClaimRef = { codeId: newCode(), user: newUser(), cap: 5 };
      const at = new Date(now.getTime() - 2 * RECENT_MS);
      expect(await ledger.claim(ref, { expiresAt, now: at })).toEqual({ status: "won", claimedAt: at, uses: 1 });
      await forgetRecent(ref.codeId);
      expect(await ledger.isClaimed(ref, now)).toBe(true);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: new Date(now.getTime() - RECENT_MS) });
      // A hold's or a reversal's release (its usage's usedAt) takes it, and gives the use back.
      expect(await ledger.release(ref, { claimedAt: at })).toBe(true);
      expect(await ledger.isClaimed(ref, now)).toBe(false);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "won", claimedAt: now, uses: 1 });
      // A young claim is compared to the millisecond again: the old time leaves it alone.
      expect(await ledger.release(ref, { claimedAt: at })).toBe(false);
      // The bound reported for an old claim releases it too (a stranded claim's reconciliation).
      await forgetRecent(ref.codeId);
      const standing = await ledger.claim(ref, { expiresAt, now });
      expect(standing.status).toBe("taken");
      expect(await ledger.release(ref, { claimedAt: (standing as { claimedAt: Date }).claimedAt })).toBe(true);
    });

    it("an unresolved claim keeps its exact time after it stops being young", async () => {
      const ref: ClaimRef = { codeId: newCode(), user: newUser() };
      const at = new Date(now.getTime() - 1_234);
      expect((await ledger.claim(ref, { expiresAt, now: at })).status).toBe("won");
      expect(await ledger.mark(ref, { claimedAt: at, unresolved: true })).toBe(true);
      await forgetRecent(ref.codeId);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: at, unresolved: true });
      expect(await ledger.release(ref, { claimedAt: new Date(at.getTime() + 1) })).toBe(false);
      const raw = new IORedis(redisUrl!);
      const ttl = await raw.pttl(`${ctx.prefix}u:${ref.codeId}`);
      raw.disconnect();
      expect(ttl).toBeGreaterThan(hour - 60_000); // it ends with the code
      expect(await ledger.mark(ref, { claimedAt: at, unresolved: false })).toBe(true);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: new Date(now.getTime() - RECENT_MS) });
    });

    it("honours claims stored in the previous layout (hash c:<code>:<seq mod 128>, field seq → µs)", async () => {
      const ref: ClaimRef = { codeId: newCode(), user: newUser(), cap: 3 };
      const at = new Date(now.getTime() - 86_400_000);
      const raw = new IORedis(redisUrl!);
      const legacy = `${ctx.prefix}c:${ref.codeId}:${ref.user.seq % 128}`;
      await raw.hset(legacy, String(ref.user.seq), String(at.getTime() * 1000 + 123));
      await raw.expireat(legacy, Math.ceil(expiresAt.getTime() / 1000));
      await raw.set(`${ctx.prefix}n:${ref.codeId}`, "1");
      expect(await ledger.isClaimed(ref, now)).toBe(true);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: at });
      expect(await ledger.mark(ref, { claimedAt: now, unresolved: true })).toBe(false);
      expect(await ledger.mark(ref, { claimedAt: at, unresolved: true })).toBe(true);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "taken", claimedAt: at, unresolved: true });
      expect(await ledger.mark(ref, { claimedAt: at, unresolved: false })).toBe(true);
      expect(await ledger.release(ref, { claimedAt: now })).toBe(false);
      expect(await ledger.release(ref, { claimedAt: at })).toBe(true);
      expect(await raw.get(`${ctx.prefix}n:${ref.codeId}`)).toBe("0"); // its use given back
      expect(await raw.exists(legacy)).toBe(0);
      raw.disconnect();
      expect(await ledger.isClaimed(ref, now)).toBe(false);
      expect(await ledger.claim(ref, { expiresAt, now })).toEqual({ status: "won", claimedAt: now, uses: 1 });
    });
  }
});
