// GET /api/v1/discountcode and the dashboard's codes list: a brand's codes, searched by code
// prefix, filtered by status, sorted by created / ends / redemptions either way, in keyset pages
// with an opaque cursor each way — one query per page, each code with its redemption count.
//
// Indexes (lib/db/schema/discounts.ts): (brand_id, created_at, id) and (brand_id, valid_until, id)
// for bulk-free lists, read forwards or backwards, so a page costs the same at 10 or 10,000 codes;
// (brand_id, code text_pattern_ops) for the prefix search. Ties are broken by id in the sort's own
// direction, so every order is total and a page never repeats or skips a row. Sorting by
// redemptions counts each candidate's live uses (the partial unique index on usage_records), so
// that one order costs a count per code of the brand.
import "server-only";
import { and, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db";
import { brands, discountCodes, discountRules, usageRecords } from "../db/schema";
import { DomainError } from "../errors";
import { codeRecordOf } from "./code-cache";
import { listedCodeView } from "./code-view";
import { CODE_SORTS, type CodeList, type CodeListStatus, type CodeSort, type ListCodesQuery } from "./schemas";

type Direction = "after" | "before";

/** An opaque cursor: the sort it belongs to, which way it pages, and the code it is relative to. */
export function encodeCursor(o: { sort: CodeSort; direction: Direction; codeId: string }): string {
  const head = Buffer.from([CODE_SORTS.indexOf(o.sort), o.direction === "after" ? 0 : 1]);
  return Buffer.concat([head, Buffer.from(o.codeId, "hex")]).toString("base64url");
}

export function decodeCursor(cursor: string, sort: CodeSort): { direction: Direction; codeId: string } {
  const bytes = /^[A-Za-z0-9_-]{46}$/.test(cursor) ? Buffer.from(cursor, "base64url") : Buffer.alloc(0);
  if (bytes.length !== 34 || bytes[0]! >= CODE_SORTS.length || bytes[1]! > 1) throw invalidCursor("not a cursor this API returned");
  if (CODE_SORTS[bytes[0]!] !== sort) throw invalidCursor(`this cursor pages the list sorted by ${CODE_SORTS[bytes[0]!]}, not by ${sort}`);
  return { direction: bytes[1] === 0 ? "after" : "before", codeId: bytes.subarray(2).toString("hex") };
}

function invalidCursor(message: string): DomainError {
  return new DomainError("validation_failed", `cursor: ${message}`, { errors: [{ path: "cursor", message }] });
}

/** Live (reserved + confirmed) uses of the code `codeId` names — served by usage_records_code_user_live_key. */
function liveUsesOf(codeId: SQL | typeof discountCodes.id): SQL<number> {
  return sql<number>`(select count(*) from ${usageRecords} u where u.code_id = ${codeId} and u.status in ('reserved', 'confirmed'))::int`;
}
const redemptions = liveUsesOf(discountCodes.id);

/** Where a code is in each status at `now`: the SQL form of displayStatus (status.ts). */
export function statusWhere(status: CodeListStatus, now: Date): SQL {
  const c = discountCodes;
  const inWindow = and(lte(c.validFrom, now), gt(c.validUntil, now))!;
  const deactivated = and(isNotNull(c.deactivatedAt), lte(c.deactivatedAt, now))!;
  const notDeactivated = or(isNull(c.deactivatedAt), gt(c.deactivatedAt, now))!;
  const exhausted = and(isNotNull(c.maxRedemptions), gte(redemptions, c.maxRedemptions))!;
  switch (status) {
    case "scheduled":
      return gt(c.validFrom, now);
    case "expired":
      return lte(c.validUntil, now);
    case "deactivated":
      return and(inWindow, deactivated)!;
    case "exhausted":
      return and(inWindow, notDeactivated, exhausted)!;
    case "active":
      return and(inWindow, notDeactivated, or(isNull(c.maxRedemptions), lt(redemptions, c.maxRedemptions)))!;
  }
}

/** The upper bound of a prefix range: "SPR" → "SPS" (codes are ASCII, compared bytewise by ~<~). */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The brand's codes a list shows before paging: its own codes (bulk codes only with `batchId`, or
 * when searching — a search finds a code wherever it came from), by code prefix and status.
 */
export function codesWhere(o: { brandId: string; q?: string; status?: CodeListStatus; batchId?: string; now: Date }): SQL {
  const c = discountCodes;
  return and(
    eq(c.brandId, o.brandId),
    o.batchId ? eq(c.batchId, o.batchId) : o.q ? undefined : isNull(c.batchId),
    // A range, not LIKE: with a bound parameter it still uses the text_pattern_ops index.
    o.q ? sql`${c.code} ~>=~ ${o.q} and ${c.code} ~<~ ${prefixEnd(o.q)}` : undefined,
    o.status ? statusWhere(o.status, o.now) : undefined,
  )!;
}

/** The sort key of each row, or (given a code id) of that one code, read in SQL. */
function sortOf(sort: CodeSort, codeId: SQL | typeof discountCodes.id = discountCodes.id): SQL {
  const [key] = sort.split("_") as ["created" | "ends" | "redemptions"];
  if (key === "redemptions") return liveUsesOf(codeId);
  const column = key === "created" ? discountCodes.createdAt : discountCodes.validUntil;
  if (codeId === discountCodes.id) return sql`${column}`;
  return sql`(select k.${sql.identifier(column.name)} from ${discountCodes} k where k.id = ${codeId})`;
}

export async function listCodes(db: Db, opts: { brandId: string; query: ListCodesQuery; now: Date }): Promise<CodeList> {
  const { brandId, query, now } = opts;
  const sort = query.sort;
  const cursor = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
  if (cursor) {
    const [known] = await db
      .select({ id: discountCodes.id })
      .from(discountCodes)
      .where(and(eq(discountCodes.id, cursor.codeId), eq(discountCodes.brandId, brandId)));
    if (!known) throw invalidCursor("not a cursor this API returned");
  }
  const descending = sort.endsWith("_desc");
  // Paging backwards reads the rows before the cursor in the opposite order, then turns them round.
  const reversed = cursor?.direction === "before";
  const readDescending = descending !== reversed;
  const key = sortOf(sort);
  let keyset: SQL | undefined;
  if (cursor) {
    // The cursor code's own sort value, read in SQL (keeps created_at's microseconds; a count is live).
    const at = sortOf(sort, sql`${cursor.codeId}`);
    keyset = readDescending ? sql`(${key}, ${discountCodes.id}) < (${at}, ${cursor.codeId})` : sql`(${key}, ${discountCodes.id}) > (${at}, ${cursor.codeId})`;
  }
  const order = readDescending ? sql`${key} desc, ${discountCodes.id} desc` : sql`${key} asc, ${discountCodes.id} asc`;
  const rows = await db
    .select({ code: discountCodes, rule: discountRules, brandName: brands.name, redemptions })
    .from(discountCodes)
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    .where(and(codesWhere({ brandId, q: query.q, status: query.status, batchId: query.batchId, now }), keyset))
    .orderBy(order)
    .limit(query.limit + 1);

  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (reversed) page.reverse();
  const first = page[0]?.code.id;
  const last = page[page.length - 1]?.code.id;
  const at = (direction: Direction, codeId: string | undefined, exists: boolean) => (exists && codeId ? encodeCursor({ sort, direction, codeId }) : null);
  return {
    data: page.map((r) => listedCodeView(codeRecordOf(r.code, { rule: r.rule, brandName: r.brandName }), { redemptions: Number(r.redemptions), now })),
    // Forwards: more rows after this page if one more was read; earlier ones if we came by a cursor.
    // Backwards: the other way round.
    nextCursor: at("after", last, reversed ? true : more),
    prevCursor: at("before", first, reversed ? more : !!cursor),
  };
}

/** How many of the brand's codes (matching `q`) are in each status now, and in all: the tabs' counts. */
export async function countCodes(db: Db, opts: { brandId: string; q?: string; now: Date }): Promise<Record<CodeListStatus | "all", number>> {
  const n = (status: CodeListStatus) => sql<number>`count(*) filter (where ${statusWhere(status, opts.now)})::int`;
  const [row] = await db
    .select({
      all: sql<number>`count(*)::int`,
      active: n("active"),
      scheduled: n("scheduled"),
      exhausted: n("exhausted"),
      expired: n("expired"),
      deactivated: n("deactivated"),
    })
    .from(discountCodes)
    .where(codesWhere({ brandId: opts.brandId, q: opts.q, now: opts.now }));
  return {
    all: Number(row?.all ?? 0),
    active: Number(row?.active ?? 0),
    scheduled: Number(row?.scheduled ?? 0),
    exhausted: Number(row?.exhausted ?? 0),
    expired: Number(row?.expired ?? 0),
    deactivated: Number(row?.deactivated ?? 0),
  };
}
