// The usage ledger on the relational database: the embedded default, and the fallback when
// Upstash is not configured. A claim is one INSERT guarded by the primary key (code_id, user_id)
// — ON CONFLICT DO NOTHING, so exactly one of any number of racers gets its row back; a loser
// reads the standing claim's claimed_at in the same statement. Rows carry the code's end; sweep()
// deletes ended ones, so the table only holds claims of live codes.
// A capped code (ref.cap) counts its uses in discount_codes.uses: the claim statement locks the
// code's row, inserts the claim only while uses < max_redemptions and increments in the same
// statement; a release deletes the claim and decrements in one statement. Never read, then write.
// Rate-limit counters live in process memory (table-free): with one process (the embedded
// default) that is exact; with several instances on Postgres each counts its own requests.
import { and, eq, gt, sql, type SQL } from "drizzle-orm";
import { executeRows, type Db } from "../db";
import { discountCodes, usageClaims } from "../db/schema";
import { windowIndex, type ClaimRef, type CounterWindow, type UsageLedger } from "./types";

/** A timestamptz as whole milliseconds since the epoch (a float8: a plain number on both drivers). */
const epochMs = (column: SQL) => sql`floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * Whether a claim is marked unresolved. Claims are written at whole milliseconds, so the
 * sub-millisecond digits of claimed_at are free: 1 µs past the millisecond marks an unresolved claim
 * (mark()); every comparison of claim times is to the millisecond (date_trunc), so it never shows.
 */
const UNRESOLVED = sql`(floor(extract(microseconds from claimed_at))::int % 1000 = 1)`;

export function createDatabaseLedger(db: Db, opts: { maxCounters?: number } = {}): UsageLedger {
  const counters = new Map<string, { window: number; count: number }>();
  const maxCounters = opts.maxCounters ?? 100_000;
  const hits = (key: string, w: CounterWindow) => {
    const c = counters.get(key);
    return c && c.window === windowIndex(w) ? c.count : 0;
  };
  const where = (ref: ClaimRef) => and(eq(usageClaims.codeId, ref.codeId), eq(usageClaims.userId, ref.user.id));
  // Every lookup asks this: built once, on first use (drizzle's prepared query), not per call —
  // building a query cost ~150 µs of CPU, more than running it (issue 11).
  const build = () =>
    db
      .select({ codeId: usageClaims.codeId })
      .from(usageClaims)
      .where(and(eq(usageClaims.codeId, sql.placeholder("codeId")), eq(usageClaims.userId, sql.placeholder("userId")), gt(usageClaims.expiresAt, sql.placeholder("now"))))
      .limit(1)
      .prepare("ledger_is_claimed");
  let claimedQuery: ReturnType<typeof build> | undefined;

  /**
   * A claim of a capped code, in ONE statement: lock the code's row (racers for its last uses
   * queue here, each then reading the latest count), insert the claim only while uses < max, and
   * count it only if inserted. Exactly as many racers win as there are uses left. A loser that
   * already holds a claim reads "taken"; one that does not, "exhausted".
   */
  async function claimCapped(ref: ClaimRef, expiresAt: Date, now: Date) {
    const rows = await executeRows<{ kind: "won" | "taken" | "room"; claimed_ms: number | string | null; unresolved: boolean; uses: number | string | null }>(db, sql`
      with code as (
        select uses, max_redemptions from ${discountCodes} where id = ${ref.codeId} for no key update
      ), claimed as (
        insert into ${usageClaims} (code_id, user_id, claimed_at, expires_at)
        select ${ref.codeId}, ${ref.user.id}, ${now.toISOString()}, ${expiresAt.toISOString()}
        from code where code.uses < coalesce(code.max_redemptions, ${ref.cap!})
        on conflict do nothing
        returning claimed_at
      ), counted as (
        update ${discountCodes} set uses = uses + 1
        where id = ${ref.codeId} and exists (select 1 from claimed)
        returning uses
      )
      select 'won' as kind, null::float8 as claimed_ms, false as unresolved, (select uses from counted) as uses from claimed
      union all
      select 'taken', ${epochMs(sql`claimed_at`)}, ${UNRESOLVED}, null from ${usageClaims}
      where code_id = ${ref.codeId} and user_id = ${ref.user.id}
      union all
      select 'room', null, false, null from code where code.uses < coalesce(code.max_redemptions, ${ref.cap!})`);
    const won = rows.find((r) => r.kind === "won");
    if (won) return { status: "won" as const, claimedAt: now, uses: Number(won.uses ?? 0) };
    const prior = rows.find((r) => r.kind === "taken");
    if (prior) {
      return { status: "taken" as const, claimedAt: new Date(Number(prior.claimed_ms)), ...(prior.unresolved ? { unresolved: true } : {}) };
    }
    // There was room, yet the insert yielded: a claim of this user committed while this statement
    // waited (not in its snapshot) — in flight, like the uncapped path.
    if (rows.some((r) => r.kind === "room")) return { status: "taken" as const, claimedAt: null };
    return { status: "exhausted" as const };
  }

  return {
    kind: "database",

    async claim(ref, { expiresAt, now, guard }) {
      if (guard && hits(guard.key, guard.window) >= guard.limit) return { status: "limited" };
      if (ref.cap != null) return claimCapped(ref, expiresAt, now);
      // One statement: the INSERT, and the claim already there (its time) when the INSERT yields.
      // Both parts read the statement's snapshot: a claim committed while this statement ran is
      // not visible to the SELECT — then "taken" carries no time (it is in flight, not stale).
      const rows = await executeRows<{ won: boolean; claimed_ms: number | string; unresolved: boolean }>(db, sql`
        with claimed as (
          insert into ${usageClaims} (code_id, user_id, claimed_at, expires_at)
          values (${ref.codeId}, ${ref.user.id}, ${now.toISOString()}, ${expiresAt.toISOString()})
          on conflict do nothing
          returning claimed_at
        )
        select true as won, ${epochMs(sql`claimed_at`)} as claimed_ms, false as unresolved from claimed
        union all
        select false, ${epochMs(sql`claimed_at`)}, ${UNRESOLVED} from ${usageClaims}
        where code_id = ${ref.codeId} and user_id = ${ref.user.id}`);
      if (rows.some((r) => r.won)) return { status: "won", claimedAt: now };
      const prior = rows[0];
      if (!prior) return { status: "taken", claimedAt: null };
      return { status: "taken", claimedAt: new Date(Number(prior.claimed_ms)), ...(prior.unresolved ? { unresolved: true } : {}) };
    },

    async release(ref, only) {
      // To the millisecond, as claim() reports it (claims it writes carry whole milliseconds).
      const same = only ? sql`and date_trunc('milliseconds', claimed_at) = ${only.claimedAt.toISOString()}::timestamptz` : sql``;
      // The delete and the capped code's decrement in one statement: only a claim that was there
      // gives its use back.
      const [row] = await executeRows<{ released: number | string }>(db, sql`
        with released as (
          delete from ${usageClaims} where code_id = ${ref.codeId} and user_id = ${ref.user.id} ${same}
          returning code_id
        ), counted as (
          update ${discountCodes} set uses = greatest(uses - 1, 0)
          where id = ${ref.codeId} and max_redemptions is not null and exists (select 1 from released)
          returning uses
        )
        select (select count(*) from released)::int as released, (select count(*) from counted)::int as counted`);
      return Number(row?.released ?? 0) > 0;
    },

    async mark(ref, { claimedAt, unresolved }) {
      const rows = await db
        .update(usageClaims)
        .set({
          claimedAt: sql`date_trunc('milliseconds', ${usageClaims.claimedAt}) + ${unresolved ? sql`interval '1 microsecond'` : sql`interval '0'`}`,
        })
        .where(and(where(ref), sql`date_trunc('milliseconds', ${usageClaims.claimedAt}) = ${claimedAt.toISOString()}::timestamptz`))
        .returning({ codeId: usageClaims.codeId });
      return rows.length > 0;
    },

    async isClaimed(ref, now) {
      const rows = await (claimedQuery ??= build()).execute({ codeId: ref.codeId, userId: ref.user.id, now: now.toISOString() });
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
