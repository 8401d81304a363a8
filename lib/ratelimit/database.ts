// The rate limiter on the relational database: the embedded default, and the fallback when
// Upstash is not configured. A counter is a row of rate_limit_counters keyed by (key,
// window_start); counting is one statement for every counter of a call —
//   INSERT … VALUES (…), (…) ON CONFLICT (key, window_start) DO UPDATE SET hits = hits + n RETURNING
// — atomic per row, so concurrent callers on any number of instances count exactly (rows are
// written in key order, so two calls never wait on each other in opposite orders). Reading is one
// SELECT. Rows carry their window's end; the sweeper (lib/deps.ts) deletes ended ones.
import { and, eq, or, sql } from "drizzle-orm";
import { executeRows, type Db } from "../db";
import { rateLimitCounters } from "../db/schema";
import {
  decide,
  RefusalMemory,
  scaledLimit,
  windowMs,
  windowStartMs,
  type LimiterOptions,
  type RateHit,
  type RateLimiter,
} from "./types";

const storedKey = (hit: RateHit) => `${hit.rule.name}:${hit.key}`;

export function createDatabaseLimiter(db: Db, opts: LimiterOptions = {}): RateLimiter {
  const now = opts.now ?? Date.now;
  const refused = new RefusalMemory();
  const limitOf = (hit: RateHit) => scaledLimit(hit.rule, opts.scale);

  /** Each hit with its stored key and window, deduplicated by stored key, in key order. */
  function counters(hits: RateHit[], at: number) {
    const byKey = new Map<string, { hit: RateHit; key: string; start: number; end: number }>();
    for (const hit of hits) {
      const start = windowStartMs(hit.rule, at);
      byKey.set(storedKey(hit), { hit, key: storedKey(hit), start, end: start + windowMs(hit.rule) });
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  return {
    kind: "database",

    async consume(hits, { by = 1 } = {}) {
      if (hits.length === 0) return { allowed: true, retryAfter: 0 };
      const at = now();
      const list = counters(hits, at);
      const rows = await db
        .insert(rateLimitCounters)
        .values(list.map((c) => ({ key: c.key, windowStart: new Date(c.start), hits: Math.max(by, 0), expiresAt: new Date(c.end) })))
        .onConflictDoUpdate({
          target: [rateLimitCounters.key, rateLimitCounters.windowStart],
          set: { hits: sql`greatest(${rateLimitCounters.hits} + ${by}, 0)` },
        })
        .returning({ key: rateLimitCounters.key, hits: rateLimitCounters.hits });
      const counts = new Map(rows.map((r) => [r.key, r.hits]));
      const outcomes = list.map((c) => ({ hit: c.hit, ok: (counts.get(c.key) ?? 0) <= limitOf(c.hit), resetMs: c.end }));
      for (const o of outcomes) {
        if (!o.ok && by > 0) refused.remember(o.hit, o.resetMs);
        else if (o.ok && by < 0) refused.forget(o.hit);
      }
      return decide(outcomes, at);
    },

    async peek(hits) {
      if (hits.length === 0) return { allowed: true, retryAfter: 0 };
      const at = now();
      const list = counters(hits, at);
      const rows = await db
        .select({ key: rateLimitCounters.key, hits: rateLimitCounters.hits })
        .from(rateLimitCounters)
        .where(or(...list.map((c) => and(eq(rateLimitCounters.key, c.key), eq(rateLimitCounters.windowStart, new Date(c.start))))));
      const counts = new Map(rows.map((r) => [r.key, r.hits]));
      return decide(
        list.map((c) => ({ hit: c.hit, ok: (counts.get(c.key) ?? 0) < limitOf(c.hit), resetMs: c.end })),
        at,
      );
    },

    knownRefused(hit) {
      return refused.secondsLeft(hit, now());
    },

    async sweep(at) {
      // In batches, so one sweep never holds locks on many rows at once.
      const batch = 5_000;
      let total = 0;
      for (;;) {
        const deleted = await executeRows<{ key: string }>(db, sql`
          delete from ${rateLimitCounters} where (key, window_start) in (
            select key, window_start from ${rateLimitCounters} where expires_at <= ${at.toISOString()}::timestamptz limit ${batch})
          returning key`);
        const n = deleted.length;
        total += n;
        if (n < batch) return total;
      }
    },

    async close() {
      refused.clear();
    },
  };
}
