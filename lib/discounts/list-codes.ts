// GET /api/v1/discountcode: a brand's own codes (bulk codes only with ?batchId=), newest first, with each code's redemption count,
// in one query per page. Keyset pagination on (created_at desc, id) — the index
// discount_codes_brand_created_idx — with an opaque cursor naming the last code of the page.
import { and, asc, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { brands, discountCodes, discountRules, usageRecords } from "../db/schema";
import { DomainError } from "../errors";
import type { CodeList, ListCodesQuery } from "./schemas";
import { codeRecordOf } from "./code-cache";
import { listedCodeView } from "./code-view";

export function encodeCursor(codeId: string): string {
  return Buffer.from(codeId, "hex").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const hex = /^[A-Za-z0-9_-]{43}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("hex") : "";
  if (hex.length !== 64) {
    throw new DomainError("validation_failed", "cursor: not a cursor this API returned", {
      errors: [{ path: "cursor", message: "not a cursor this API returned" }],
    });
  }
  return hex;
}

export async function listCodes(db: Db, opts: { brandId: string; query: ListCodesQuery; now: Date }): Promise<CodeList> {
  const { brandId, query, now } = opts;
  let after;
  if (query.cursor) {
    const cursorId = decodeCursor(query.cursor);
    // The cursor row's created_at is read in SQL, keeping its microseconds (a JS Date has ms).
    const at = sql`(select c.created_at from ${discountCodes} c where c.id = ${cursorId} and c.brand_id = ${brandId})`;
    after = or(lt(discountCodes.createdAt, at), and(eq(discountCodes.createdAt, at), sql`${discountCodes.id} > ${cursorId}`));
  }
  const rows = await db
    .select({
      code: discountCodes,
      rule: discountRules,
      brandName: brands.name,
      redemptions: sql<number>`(select count(*) from ${usageRecords} u where u.code_id = ${discountCodes.id} and u.status in ('reserved', 'confirmed'))::int`,
    })
    .from(discountCodes)
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    // Bulk codes are listed per batch (?batchId=), never mixed into the brand's list: a batch of
    // 100,000 would bury every other code.
    .where(and(eq(discountCodes.brandId, brandId), query.batchId ? eq(discountCodes.batchId, query.batchId) : isNull(discountCodes.batchId), after))
    .orderBy(desc(discountCodes.createdAt), asc(discountCodes.id))
    .limit(query.limit + 1);

  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => {
      const code = codeRecordOf(r.code, r.rule, r.brandName);
      const redemptions = Number(r.redemptions);
      return listedCodeView(code, redemptions, now);
    }),
    nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.code.id) : null,
  };
}
