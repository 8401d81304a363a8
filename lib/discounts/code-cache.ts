// Codes change rarely — once created, only deactivation changes one, and nothing in the app deletes
// one — so lookups by id go through a small in-process cache (lib/cache/ttl-cache.ts): a
// redemption with a warm cache costs no database round-trip for the code. A code created in this
// process is cached at once (rememberCode); one deactivated here, or found deactivated by a
// redemption's write, is forgotten (forgetCode). Entries live CODE_TTL_MS, bounding how long a
// deactivation made on another instance stays unseen here; meanwhile the usage write re-checks it
// in its own statement (redeem-code.ts) and GET reads it with the live count (usages.ts,
// cachedCodeState). Concurrent misses for one id share one query, and the cache is per database
// handle (tests open many). Misses are not cached: a code created on another instance is visible
// at once.
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { brands, discountCodes, discountRules, type DiscountCode, type DiscountRule } from "../db/schema";
import { ruleOf, type Rule } from "./rules";
import { perHandle } from "../cache/ttl-cache";

export const CODE_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface CodeRecord {
  id: string;
  code: string;
  ruleId: number;
  /** The rule's percentage (percentage rules), else null: part 1's `discount`. */
  percent: number | null;
  rule: Rule;
  ruleCreatedAt: Date;
  brand: { id: string; name: string };
  validFrom: Date;
  validUntil: Date;
  createdAt: Date;
  maxRedemptions: number | null;
  /**
   * When the brand ended the code early. A cached entry may not know yet (another instance
   * deactivated it): the usage write re-checks it in its own statement (redeem-code.ts).
   */
  deactivatedAt: Date | null;
  batchId: string | null;
}

const codes = perHandle<Db, CodeRecord | null>({ ttlMs: CODE_TTL_MS, maxEntries: MAX_ENTRIES, keep: (code) => code !== null });

/** The code with its rule's percentage and its brand, by id: one query on a miss, none on a hit. */
export function loadCode(db: Db, id: string): Promise<CodeRecord | null> {
  return codes(db).get(id, () => fetchCode(db, id));
}

/** Seeds the cache with a code just created in this process. */
export function rememberCode(db: Db, code: CodeRecord): void {
  codes(db).set(code.id, code);
}

export function forgetCode(db: Db, id: string): void {
  codes(db).delete(id);
}

async function fetchCode(db: Db, id: string): Promise<CodeRecord | null> {
  const [row] = await db
    .select({ code: discountCodes, rule: discountRules, brandName: brands.name })
    .from(discountCodes)
    .innerJoin(discountRules, eq(discountRules.id, discountCodes.ruleId))
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    .where(eq(discountCodes.id, id))
    .limit(1);
  return row ? codeRecordOf(row.code, { rule: row.rule, brandName: row.brandName }) : null;
}

/** The cached shape of a code row with its rule and brand name. */
export function codeRecordOf(c: DiscountCode, { rule, brandName }: { rule: DiscountRule; brandName: string }): CodeRecord {
  return {
    id: c.id,
    code: c.code,
    ruleId: c.ruleId,
    percent: rule.type === "percentage" ? rule.percent : null,
    rule: ruleOf(rule),
    ruleCreatedAt: rule.createdAt,
    brand: { id: c.brandId, name: brandName },
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    createdAt: c.createdAt,
    maxRedemptions: c.maxRedemptions,
    deactivatedAt: c.deactivatedAt,
    batchId: c.batchId,
  };
}
