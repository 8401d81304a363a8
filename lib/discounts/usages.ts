// The redemption lifecycle (API.md part 2): a usage is reserved → confirmed, or reserved →
// released (by its user, or by the server once its hold expires); a confirmed one can be reversed.
// Each transition is ONE conditional UPDATE (… where status = 'reserved' / 'confirmed'), with its
// outbox row in the same statement: however many requests race — a release against an expiry, two
// reversals, a reversal against a release —, exactly one flips the row. Only that one gives the
// use back to the ledger, by compare-and-delete of the very claim the usage was made with (its
// time is the usage's used_at), which also returns a capped code's use in the same atomic step.
// A give-back that fails (the ledger unreachable) leaves a claim without a live record: the user's
// next attempt finds it stranded and releases it (redeem-code.ts, reconcile).
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { executeRows, type Db } from "../db";
import { discountCodes, outboxEvents, usageRecords, users, type UsageRecord } from "../db/schema";
import { DomainError } from "../errors";
import type { EventPayloads } from "../events/types";
import type { ClaimRef, UsageLedger } from "../ledger/types";
import { log, summarizeError } from "../log";
import { codeIdFromRef } from "./code";
import { loadCode, type CodeRecord } from "./code-cache";
import type { Actor, DiscountPorts } from "./ports";
import type { ListUsagesQuery, Redemption, UsageList } from "./schemas";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";
import { perHandle } from "../cache/ttl-cache";

/** The ledger's key of a (code, user) claim, with the code's cap. */
export function claimRefOf(code: Pick<CodeRecord, "id" | "maxRedemptions">, user: { id: string; seq: number }): ClaimRef {
  return { codeId: code.id, user, cap: code.maxRedemptions };
}

/** A usage in an answer: the same fields, in the same order, as a fresh redemption's 201. */
export function usageView(r: UsageRecord, code: Pick<CodeRecord, "code" | "id">): Redemption {
  return {
    id: r.id,
    code: code.code,
    userId: r.userId,
    usedAt: r.usedAt.toISOString(),
    discount: r.percent,
    ...(r.currency !== null && r.subtotal !== null
      ? {
          pricing: {
            currency: r.currency,
            subtotal: r.subtotal,
            eligibleSubtotal: r.eligibleSubtotal ?? 0,
            discountAmount: r.discountAmount ?? 0,
            total: r.total ?? 0,
          },
        }
      : {}),
    codeId: r.codeId,
    status: r.status,
    expiresAt: r.status === "reserved" ? (r.expiresAt?.toISOString() ?? null) : null,
    orderId: r.orderId,
    confirmedAt: r.confirmedAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
  };
}

const notFound = () => new DomainError("not_found", "No usage with this id.");

type EndTo = "released" | "reversed";

/**
 * Ends a usage exactly once: released (from reserved) or reversed (from confirmed), in one
 * conditional UPDATE with, for a reversal, its outbox row; then gives the use back to the ledger.
 * Returns the updated record, or null when another caller got there first (nothing done).
 */
export async function endUsage(
  ports: Pick<DiscountPorts, "db" | "ledger" | "events">,
  usage: Pick<UsageRecord, "id" | "codeId" | "userId" | "brandId" | "usedAt">,
  opts: { to: EndTo; now: Date; cap: number | null; userSeq: number; reason?: string | null },
): Promise<UsageRecord | null> {
  const from = opts.to === "released" ? "reserved" : "confirmed";
  const payload: EventPayloads["discount/usage.reversed"] = { usageId: usage.id, codeId: usage.codeId, brandId: usage.brandId, userId: usage.userId };
  const outbox =
    opts.to === "reversed"
      ? sql`, outbox as (
          insert into ${outboxEvents} (event_id, name, payload)
          select ${randomUUID()}, ${"discount/usage.reversed"}, ${JSON.stringify(payload)}::jsonb from ended
          returning id
        )`
      : sql``;
  const rows = await executeRows<{ id: string; outbox_id: number | string | null }>(ports.db, sql`
    with ended as (
      update ${usageRecords} set status = ${opts.to}, ended_at = ${opts.now.toISOString()}::timestamptz,
        reversal_reason = ${opts.to === "reversed" ? (opts.reason ?? null) : null}
      where id = ${usage.id} and status = ${from}
      returning *
    )${outbox}
    select ended.id, ${opts.to === "reversed" ? sql`(select id from outbox)` : sql`null::bigint`} as outbox_id from ended`);
  if (!rows.length) return null;
  const outboxId = rows[0]!.outbox_id;
  if (outboxId !== null) ports.events.dispatch([Number(outboxId)]);
  await giveBack(ports.ledger, { ref: { codeId: usage.codeId, user: { id: usage.userId, seq: opts.userSeq }, cap: opts.cap }, claimedAt: usage.usedAt });
  const [record] = await ports.db.select().from(usageRecords).where(eq(usageRecords.id, usage.id));
  return record ?? null;
}

/** Compare-and-delete of the usage's own claim, retried briefly; a failure is healed on the user's next attempt. */
async function giveBack(ledger: UsageLedger, { ref, claimedAt }: { ref: ClaimRef; claimedAt: Date }): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await ledger.release(ref, { claimedAt });
      return;
    } catch (e) {
      if (attempt === 2) {
        log.error({ err: summarizeError(e), codeId: ref.codeId, userId: ref.user.id }, "usage: could not give the claim back (healed on the next attempt)");
        return;
      }
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

interface Loaded {
  record: UsageRecord;
  code: CodeRecord;
  userSeq: number;
}

/** The usage with its code, if the actor may act on it: its user, or (brandAdmin) an admin of its code's brand. */
async function loadFor(ports: Pick<DiscountPorts, "db">, { actor, usageId, brandAdmin }: { actor: Actor; usageId: string; brandAdmin: boolean }): Promise<Loaded> {
  if (!/^use_[0-9A-Z]{26}$/.test(usageId)) throw notFound();
  const [row] = await ports.db
    .select({ record: usageRecords, userSeq: users.seq })
    .from(usageRecords)
    .innerJoin(users, eq(users.id, usageRecords.userId))
    .where(eq(usageRecords.id, usageId));
  if (!row) throw notFound();
  const mine = row.record.userId === actor.user.id;
  const admin = brandAdmin && actor.brands.some((b) => b.id === row.record.brandId);
  // Someone else's usage answers like a missing one.
  if (!mine && !admin) throw notFound();
  const code = await loadCode(ports.db, row.record.codeId);
  if (!code) throw notFound();
  return { record: row.record, code, userSeq: Number(row.userSeq) };
}

function holdExpired(code: CodeRecord) {
  return new DomainError("hold_expired", `The hold on ${code.code} has expired or was released; apply the code again.`);
}

/** POST /discountcodeusage/{id}/confirm — the usage's user. Confirming twice → the same 200. */
export async function confirmUsage(ports: DiscountPorts, { actor, usageId, input }: { actor: Actor; usageId: string; input: { orderId?: string } }): Promise<Redemption> {
  const { record, code, userSeq } = await loadFor(ports, { actor, usageId, brandAdmin: false });
  const now = ports.clock();
  const confirmed = await confirmInDb(ports.db, record, { now, orderId: input.orderId ?? null });
  if (confirmed) {
    ports.events.dispatch(confirmed.outboxIds);
    return usageView(confirmed.record, code);
  }
  return settleUnconfirmed(ports, { usageId: record.id, code, userSeq, now });
}

/** Why a confirm did nothing: already confirmed (→ 200 again), ended (→ 409), or a hold past its time (released now → 409). */
async function settleUnconfirmed(ports: DiscountPorts, { usageId, code, userSeq, now }: { usageId: string; code: CodeRecord; userSeq: number; now: Date }): Promise<Redemption> {
  const [current] = await ports.db.select().from(usageRecords).where(eq(usageRecords.id, usageId));
  if (!current) throw notFound();
  if (current.status === "confirmed") return usageView(current, code);
  if (current.status === "reserved") {
    await endUsage(ports, current, { to: "released", now, cap: code.maxRedemptions, userSeq });
  }
  throw holdExpired(code);
}

/**
 * Flips a reserved, unexpired usage to confirmed with its brand's notice in one statement (and,
 * in an order's transaction, its order and pricing). Null when it was not reserved or had expired.
 */
export async function confirmInDb(
  db: Db,
  record: Pick<UsageRecord, "id" | "codeId" | "brandId" | "userId">,
  opts: { now: Date; orderId: string | null; pricing?: { currency: string; subtotal: number; eligibleSubtotal: number; discountAmount: number; total: number } },
): Promise<{ record: UsageRecord; outboxIds: number[] } | null> {
  const payload: EventPayloads["discount/code.redeemed"] = { usageId: record.id, codeId: record.codeId, brandId: record.brandId, userId: record.userId };
  const p = opts.pricing;
  const pricingSet = p
    ? sql`, currency = ${p.currency}, subtotal = ${p.subtotal}::integer, eligible_subtotal = ${p.eligibleSubtotal}::integer,
        discount_amount = ${p.discountAmount}::integer, total = ${p.total}::integer`
    : sql``;
  const rows = await executeRows<{ outbox_id: number | string | null }>(db, sql`
    with confirmed as (
      update ${usageRecords} set status = 'confirmed', confirmed_at = ${opts.now.toISOString()}::timestamptz,
        order_id = coalesce(${opts.orderId}, order_id), expires_at = null ${pricingSet}
      where id = ${record.id} and status = 'reserved' and expires_at > ${opts.now.toISOString()}::timestamptz
      returning id
    ), outbox as (
      insert into ${outboxEvents} (event_id, name, payload)
      select ${randomUUID()}, ${"discount/code.redeemed"}, ${JSON.stringify(payload)}::jsonb from confirmed
      returning id
    )
    select (select id from outbox) as outbox_id from confirmed`);
  if (!rows.length) return null;
  const [updated] = await db.select().from(usageRecords).where(eq(usageRecords.id, record.id));
  return { record: updated!, outboxIds: rows[0]!.outbox_id === null ? [] : [Number(rows[0]!.outbox_id)] };
}

/** POST /discountcodeusage/{id}/release — the usage's user; the user may use the code again. */
export async function releaseUsage(ports: DiscountPorts, { actor, usageId }: { actor: Actor; usageId: string }): Promise<Redemption> {
  const { record, code, userSeq } = await loadFor(ports, { actor, usageId, brandAdmin: false });
  if (record.status === "released") return usageView(record, code);
  if (record.status !== "reserved") {
    throw new DomainError("invalid_state", `This use of ${code.code} is ${record.status}: only a reserved use can be released${record.status === "confirmed" ? " (reverse a confirmed one)" : ""}.`);
  }
  const ended = await endUsage(ports, record, { to: "released", now: ports.clock(), cap: code.maxRedemptions, userSeq });
  if (ended) return usageView(ended, code);
  // Someone else ended or confirmed it meanwhile: answer with what it is now.
  const [current] = await ports.db.select().from(usageRecords).where(eq(usageRecords.id, usageId));
  if (current?.status === "released") return usageView(current, code);
  throw new DomainError("invalid_state", `This use of ${code.code} is ${current?.status ?? "gone"}: it can no longer be released.`);
}

/** POST /discountcodeusage/{id}/reverse — the usage's user or an admin of the code's brand. Twice → the same 200. */
export async function reverseUsage(ports: DiscountPorts, { actor, usageId, input }: { actor: Actor; usageId: string; input: { reason?: string } }): Promise<Redemption> {
  const { record, code, userSeq } = await loadFor(ports, { actor, usageId, brandAdmin: true });
  if (record.status === "reversed") return usageView(record, code);
  if (record.status !== "confirmed") {
    throw new DomainError("invalid_state", `This use of ${code.code} is ${record.status}: only a confirmed use can be reversed${record.status === "reserved" ? " (release a reserved one)" : ""}.`);
  }
  const ended = await endUsage(ports, record, { to: "reversed", now: ports.clock(), cap: code.maxRedemptions, userSeq, reason: input.reason ?? null });
  if (ended) return usageView(ended, code);
  const [current] = await ports.db.select().from(usageRecords).where(eq(usageRecords.id, usageId));
  if (current?.status === "reversed") return usageView(current, code);
  throw new DomainError("invalid_state", `This use of ${code.code} is ${current?.status ?? "gone"}: it can no longer be reversed.`);
}

/**
 * Releases holds past their expiresAt, in pages, exactly once each (the same endUsage as a user's
 * release): the in-process sweeper and an Inngest cron both run it; running it twice is harmless.
 * Returns how many it released.
 */
export async function expireHolds(ports: Pick<DiscountPorts, "db" | "ledger" | "events">, { now, ...opts }: { now: Date; pageSize?: number }): Promise<number> {
  const pageSize = opts.pageSize ?? 200;
  let released = 0;
  for (;;) {
    const due = await ports.db
      .select({ record: usageRecords, userSeq: users.seq, cap: discountCodes.maxRedemptions })
      .from(usageRecords)
      .innerJoin(users, eq(users.id, usageRecords.userId))
      .innerJoin(discountCodes, eq(discountCodes.id, usageRecords.codeId))
      .where(and(eq(usageRecords.status, "reserved"), lte(usageRecords.expiresAt, now)))
      .orderBy(usageRecords.expiresAt)
      .limit(pageSize);
    for (const d of due) {
      const ended = await endUsage(ports, d.record, { to: "released", now, cap: d.cap, userSeq: Number(d.userSeq) });
      if (ended) released++;
    }
    if (due.length < pageSize) return released;
  }
}

/**
 * GET /discountcodeusage — the caller's own usages, newest first; a brand admin with `?code=` gets
 * that code's usages (their brand's codes only; another brand's → 404). Keyset pages on (used_at, id).
 */
export async function listUsages(ports: Pick<DiscountPorts, "db">, { actor, query }: { actor: Actor; query: ListUsagesQuery }): Promise<UsageList> {
  let scope: SQL;
  if (query.code !== undefined) {
    const id = codeIdFromRef(query.code);
    const code = id ? await loadCode(ports.db, id) : null;
    if (!code || !actor.brands.some((b) => b.id === code.brand.id)) throw new DomainError("not_found", "No discount code of your brand with this code or id.");
    scope = eq(usageRecords.codeId, code.id);
  } else {
    scope = eq(usageRecords.userId, actor.user.id);
  }
  let after: SQL | undefined;
  if (query.cursor) {
    const c = decodeTimeCursor(query.cursor, "use");
    after = or(lt(usageRecords.usedAt, c.at), and(eq(usageRecords.usedAt, c.at), lt(usageRecords.id, c.id)));
  }
  const rows = await ports.db
    .select({ record: usageRecords, code: discountCodes.code })
    .from(usageRecords)
    .innerJoin(discountCodes, eq(discountCodes.id, usageRecords.codeId))
    .where(and(scope, after))
    .orderBy(desc(usageRecords.usedAt), desc(usageRecords.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => usageView(r.record, { code: r.code, id: r.record.codeId })),
    nextCursor: rows.length > query.limit ? encodeTimeCursor(page[page.length - 1]!.record.usedAt, page[page.length - 1]!.record.id) : null,
  };
}

export interface CodeState {
  redemptions: number;
  deactivatedAt: Date | null;
}

/** How long a lookup may reuse a code's state read by another lookup in this process. */
export const CODE_STATE_TTL_MS = 1_000;
const states = perHandle<Db, CodeState>({ ttlMs: CODE_STATE_TTL_MS, maxEntries: 10_000 });

/**
 * A code's state that changes after creation — its live uses and when it was deactivated (the
 * cached code record may predate a deactivation made by another process) — as lookups show it:
 * read in one query, and shared by this process's lookups of the code for CODE_STATE_TTL_MS, so a
 * hot code costs that query once a second, not once a request. Redemptions never rely on it (the
 * ledger counts the cap; the usage write re-checks deactivation).
 */
export function cachedCodeState(db: Db, codeId: string): Promise<CodeState> {
  return states(db).get(codeId, () => codeState(db, codeId));
}

/** Forgets a code's shared state (this process changed it: a deactivation). */
export function forgetCodeState(db: Db, codeId: string): void {
  states(db).delete(codeId);
}

/** A code's live uses and deactivation, read fresh in one query. */
export async function codeState(db: Db, codeId: string): Promise<CodeState> {
  const [row] = await db
    .select({
      redemptions: sql<number>`(select count(*) from ${usageRecords} u where u.code_id = ${codeId} and u.status in ('reserved', 'confirmed'))::int`,
      deactivatedAt: discountCodes.deactivatedAt,
    })
    .from(discountCodes)
    .where(eq(discountCodes.id, codeId));
  return { redemptions: Number(row?.redemptions ?? 0), deactivatedAt: row?.deactivatedAt ?? null };
}

/**
 * The live (reserved or confirmed) usage record of (code, user), if any: one lookup on the unique
 * partial index. Whether a user has used an ended code (GET), and what a lost claim is reconciled
 * against (redeem-code.ts).
 */
export async function liveUsageRecord(db: Db, of: { codeId: string; userId: string }): Promise<UsageRecord | undefined> {
  const [record] = await db
    .select()
    .from(usageRecords)
    .where(and(eq(usageRecords.codeId, of.codeId), eq(usageRecords.userId, of.userId), sql`${usageRecords.status} in ('reserved', 'confirmed')`))
    .limit(1);
  return record;
}

/** Live uses (reserved + confirmed) per code, for answers that show `redemptions`. */
export async function liveUses(db: Db, codeIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!codeIds.length) return out;
  const rows = await db
    .select({ codeId: usageRecords.codeId, n: sql<number>`count(*)::int` })
    .from(usageRecords)
    .where(and(inArray(usageRecords.codeId, codeIds), sql`${usageRecords.status} in ('reserved', 'confirmed')`))
    .groupBy(usageRecords.codeId);
  for (const r of rows) out.set(r.codeId, Number(r.n));
  return out;
}
