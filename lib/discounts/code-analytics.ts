// Read models of the brand dashboard: redemptions over time, recent usages, totals and the CSV
// export. Reads only, each scoped by brand in its `where` (the tenant). Money is the brand's own:
// an order can hold several brands' products, so a usage's `eligibleSubtotal` (the brand's lines),
// its discount and what was paid for those lines — never the whole order — and sums are grouped by
// currency (cents of two currencies are never added up).
import "server-only";
import { and, asc, count, desc, eq, gt, gte, lt, or, sql, sum, type SQL } from "drizzle-orm";
import type { Db } from "../db";
import { usageRecords, users } from "../db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The brand's money in one currency: its lines before the discount, the discount, what was paid for them. */
export interface CurrencyTotals {
  currency: string;
  redemptions: number;
  eligibleSubtotal: number;
  discountGiven: number;
  paid: number;
}

export interface UsageTotals {
  /** Every confirmed use, priced or not. */
  redemptions: number;
  /** One entry per currency, the most used first (uses redeemed without a price are in none). */
  byCurrency: CurrencyTotals[];
}

/** A use that happened: confirmed (holds, released and reversed uses are not sales). */
const confirmed = eq(usageRecords.status, "confirmed");

/** What was paid for the brand's lines of an order: its eligible subtotal less the discount. */
const paidForBrandLines = sql<number | null>`${usageRecords.eligibleSubtotal} - ${usageRecords.discountAmount}`;

/** Confirmed uses matching `where`: all of them, and the priced ones' money per currency. */
async function totalsWhere(db: Db, where: SQL | undefined): Promise<UsageTotals> {
  const rows = await db
    .select({
      currency: usageRecords.currency,
      redemptions: count(),
      eligibleSubtotal: sum(usageRecords.eligibleSubtotal).mapWith(Number),
      discountGiven: sum(usageRecords.discountAmount).mapWith(Number),
      paid: sum(paidForBrandLines).mapWith(Number),
    })
    .from(usageRecords)
    .where(and(confirmed, where))
    .groupBy(usageRecords.currency)
    .orderBy(desc(count()), asc(usageRecords.currency));
  return {
    redemptions: rows.reduce((n, r) => n + Number(r.redemptions), 0),
    byCurrency: rows.flatMap((r) =>
      r.currency === null
        ? []
        : [{ currency: r.currency, redemptions: Number(r.redemptions), eligibleSubtotal: r.eligibleSubtotal ?? 0, discountGiven: r.discountGiven ?? 0, paid: r.paid ?? 0 }],
    ),
  };
}

/** All-time totals of one code's confirmed usages, per currency. */
export async function codeTotals(db: Db, o: { brandId: string; codeId: string }): Promise<UsageTotals> {
  return totalsWhere(db, and(eq(usageRecords.brandId, o.brandId), eq(usageRecords.codeId, o.codeId)));
}

export interface DayPoint {
  /** YYYY-MM-DD (UTC). */
  day: string;
  redemptions: number;
  /** The discount given that day, one entry per currency. */
  discounts: { currency: string; amount: number }[];
}

function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Confirmed redemptions per UTC day in [from, to), every day present (zeros included), oldest first. */
export async function dailyRedemptions(db: Db, o: { brandId: string; codeId: string; from: Date; to: Date }): Promise<DayPoint[]> {
  const day = sql<string>`to_char(date_trunc('day', ${usageRecords.usedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, currency: usageRecords.currency, redemptions: count(), discount: sum(usageRecords.discountAmount).mapWith(Number) })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.brandId, o.brandId),
        eq(usageRecords.codeId, o.codeId),
        confirmed,
        gte(usageRecords.usedAt, o.from),
        lt(usageRecords.usedAt, o.to),
      ),
    )
    .groupBy(day, usageRecords.currency)
    .orderBy(day, usageRecords.currency);
  const byDay = new Map<string, DayPoint>();
  for (const r of rows) {
    const p = byDay.get(r.day) ?? { day: r.day, redemptions: 0, discounts: [] };
    p.redemptions += Number(r.redemptions);
    if (r.currency !== null && r.discount) p.discounts.push({ currency: r.currency, amount: r.discount });
    byDay.set(r.day, p);
  }
  const out: DayPoint[] = [];
  const start = Date.UTC(o.from.getUTCFullYear(), o.from.getUTCMonth(), o.from.getUTCDate());
  for (let t = start; t < o.to.getTime(); t += DAY_MS) {
    const key = utcDay(new Date(t));
    out.push(byDay.get(key) ?? { day: key, redemptions: 0, discounts: [] });
  }
  return out;
}

function floorUtcDay(t: number): Date {
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The days a code's chart shows: from its start (at most 90 days back, at least a week) to now or
 * its end. Null while the code has not started.
 */
export function chartWindow(code: { validFrom: Date; validUntil: Date }, now: Date): { from: Date; to: Date } | null {
  if (now.getTime() < code.validFrom.getTime()) return null;
  const end = Math.min(now.getTime(), code.validUntil.getTime());
  const start = Math.max(code.validFrom.getTime(), end - 89 * DAY_MS);
  return { from: floorUtcDay(Math.min(start, end - 6 * DAY_MS)), to: new Date(end + 1) };
}

export type UsageStatus = "reserved" | "confirmed" | "released" | "reversed";

export interface UsageRow {
  id: string;
  usedAt: Date;
  status: UsageStatus;
  /** Reserved uses: when the hold lapses unless confirmed. */
  expiresAt: Date | null;
  orderId: string | null;
  /** When it was released or reversed. */
  endedAt: Date | null;
  reversalReason: string | null;
  shopperEmail: string;
  shopperName: string;
  currency: string | null;
  /** The whole order, other brands' lines included (CSV only). */
  subtotal: number | null;
  /** This brand's lines before the discount. */
  eligibleSubtotal: number | null;
  discountAmount: number | null;
  /** What was paid for this brand's lines: eligibleSubtotal − discountAmount. */
  paid: number | null;
  /** The whole order after the discount (CSV only). */
  total: number | null;
}

const usageColumns = {
  id: usageRecords.id,
  usedAt: usageRecords.usedAt,
  status: usageRecords.status,
  expiresAt: usageRecords.expiresAt,
  orderId: usageRecords.orderId,
  endedAt: usageRecords.endedAt,
  reversalReason: usageRecords.reversalReason,
  shopperEmail: users.email,
  shopperName: users.name,
  currency: usageRecords.currency,
  subtotal: usageRecords.subtotal,
  eligibleSubtotal: usageRecords.eligibleSubtotal,
  discountAmount: usageRecords.discountAmount,
  paid: paidForBrandLines,
  total: usageRecords.total,
};

/** A code's usages with their shoppers, filtered further by `where` (callers order and limit). */
function usagesOfCode(db: Db, o: { brandId: string; codeId: string }, ...where: (SQL | undefined)[]) {
  return db
    .select(usageColumns)
    .from(usageRecords)
    .innerJoin(users, eq(users.id, usageRecords.userId))
    .where(and(eq(usageRecords.brandId, o.brandId), eq(usageRecords.codeId, o.codeId), ...where));
}

/** The latest usages of a code in one status (default: confirmed), newest first. */
export async function recentUsages(db: Db, o: { brandId: string; codeId: string; limit?: number; status?: UsageStatus }): Promise<UsageRow[]> {
  return usagesOfCode(db, o, eq(usageRecords.status, o.status ?? "confirmed"))
    .orderBy(desc(usageRecords.usedAt), desc(usageRecords.id))
    .limit(o.limit ?? 10);
}

/**
 * A code's current holds: reserved uses whose hold has not lapsed, soonest expiry first. (A lapsed
 * hold still counts against the cap until the server releases it, within a minute.)
 */
export async function currentHolds(db: Db, o: { brandId: string; codeId: string; now: Date; limit?: number }): Promise<UsageRow[]> {
  return usagesOfCode(db, o, eq(usageRecords.status, "reserved"), gt(usageRecords.expiresAt, o.now))
    .orderBy(asc(usageRecords.expiresAt), asc(usageRecords.id))
    .limit(o.limit ?? 20);
}

/** How many of a code's usages are in each status. */
export async function usageCounts(db: Db, o: { brandId: string; codeId: string }): Promise<Record<UsageStatus, number>> {
  const rows = await db
    .select({ status: usageRecords.status, n: count() })
    .from(usageRecords)
    .where(and(eq(usageRecords.brandId, o.brandId), eq(usageRecords.codeId, o.codeId)))
    .groupBy(usageRecords.status);
  const out: Record<UsageStatus, number> = { reserved: 0, confirmed: 0, released: 0, reversed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Every usage of a code, oldest first, read in pages (keyset on used_at, id) so memory stays flat. */
export async function* allUsages(db: Db, o: { brandId: string; codeId: string; pageSize?: number }): AsyncGenerator<UsageRow> {
  const pageSize = o.pageSize ?? 1000;
  let after: { usedAt: Date; id: string } | null = null;
  for (;;) {
    const cursor = after;
    const page: UsageRow[] = await usagesOfCode(
      db,
      o,
      cursor ? or(gt(usageRecords.usedAt, cursor.usedAt), and(eq(usageRecords.usedAt, cursor.usedAt), gt(usageRecords.id, cursor.id))) : undefined,
    )
      .orderBy(asc(usageRecords.usedAt), asc(usageRecords.id))
      .limit(pageSize);
    yield* page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { usedAt: last.usedAt, id: last.id };
  }
}

/** The brand's confirmed redemptions since a time (all its codes), with money per currency: the dashboard's summary. */
export async function brandActivity(db: Db, o: { brandId: string; since?: Date }): Promise<UsageTotals> {
  return totalsWhere(db, and(eq(usageRecords.brandId, o.brandId), o.since ? gte(usageRecords.usedAt, o.since) : undefined));
}

/** CSV text of one value (RFC 4180), with formula-looking cells defused for spreadsheets. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// subtotal and total are the whole order's (other brands' lines included); eligible_subtotal and
// discount_amount are this brand's lines.
export const csvHeader = ["usage_id", "used_at", "shopper_email", "shopper_name", "currency", "subtotal", "eligible_subtotal", "discount_amount", "total", "status", "order_id"];

export function csvLine(r: UsageRow): string {
  return [r.id, r.usedAt.toISOString(), r.shopperEmail, r.shopperName, r.currency, r.subtotal, r.eligibleSubtotal, r.discountAmount, r.total, r.status, r.orderId]
    .map(csvCell)
    .join(",");
}
