// The usage ledger on the relational database: the embedded default, and the fallback when
// Upstash is not configured. A claim is one INSERT guarded by the primary key (code_id, user_id)
// — ON CONFLICT DO NOTHING, so exactly one of any number of racers gets its row back. Rows carry
// the code's end; sweep() deletes ended ones, so the table only holds claims of live codes.
// Rate-limit counters live in process memory (table-free): with one process (the embedded
// default) that is exact; with several instances on Postgres each counts its own requests.
import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db";
import { usageClaims } from "../db/schema";
import { windowIndex, type ClaimRef, type CounterWindow, type UsageLedger } from "./types";

export function createDatabaseLedger(db: Db, opts: { maxCounters?: number } = {}): UsageLedger {
  const counters = new Map<string, { window: number; count: number }>();
  const maxCounters = opts.maxCounters ?? 100_000;
  const hits = (key: string, w: CounterWindow) => {
    const c = counters.get(key);
    return c && c.window === windowIndex(w) ? c.count : 0;
  };
  const where = (ref: ClaimRef) => and(eq(usageClaims.codeId, ref.codeId), eq(usageClaims.userId, ref.user.id));

  return {
    kind: "database",

    async claim(ref, { expiresAt, now, guard }) {
      if (guard && hits(guard.key, guard.window) >= guard.limit) return "limited";
      const rows = await db
        .insert(usageClaims)
        .values({ codeId: ref.codeId, userId: ref.user.id, claimedAt: now, expiresAt })
        .onConflictDoNothing()
        .returning({ codeId: usageClaims.codeId });
      return rows.length === 1 ? "won" : "taken";
    },

    async release(ref) {
      await db.delete(usageClaims).where(where(ref));
    },

    async isClaimed(ref, now) {
      const rows = await db
        .select({ codeId: usageClaims.codeId })
        .from(usageClaims)
        .where(and(where(ref), gt(usageClaims.expiresAt, now)))
        .limit(1);
      return rows.length === 1;
    },

    async hits(key, w: CounterWindow) {
      return hits(key, w);
    },

    async hit(key, w: CounterWindow) {
      const window = windowIndex(w);
      const c = counters.get(key);
      if (c && c.window === window) return ++c.count;
      if (counters.size >= maxCounters) {
        // Forget counters of past windows (they no longer limit anyone) before growing.
        for (const [k, v] of counters) if (v.window !== window) counters.delete(k);
      }
      counters.set(key, { window, count: 1 });
      return 1;
    },

    async ping() {
      await db.select({ codeId: usageClaims.codeId }).from(usageClaims).limit(1);
    },

    async sweep(now) {
      // In batches, so one sweep never holds locks on millions of rows at once.
      const batch = 5_000;
      let total = 0;
      for (;;) {
        const rows = await db
          .delete(usageClaims)
          .where(
            sql`(${usageClaims.codeId}, ${usageClaims.userId}) in (select code_id, user_id from usage_claims where expires_at <= ${now.toISOString()} limit ${batch})`,
          )
          .returning({ codeId: usageClaims.codeId });
        total += rows.length;
        if (rows.length < batch) return total;
      }
    },

    async close() {
      counters.clear();
    },
  };
}
