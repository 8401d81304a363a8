// The brand's rules with how many codes use each: the create form's "Reuse a rule" list.
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "../db";
import { discountCodes, discountRules } from "../db/schema";
import { ruleOf, type Rule } from "./rules";

export interface BrandRule {
  id: number;
  rule: Rule;
  codes: number;
}

/** The brand's rules (percentage or fixed amount, with their conditions), newest first, with how many codes use each. */
export async function brandRules(db: Db, brandId: string): Promise<BrandRule[]> {
  const rows = await db
    .select({ rule: discountRules, codes: count(discountCodes.id) })
    .from(discountRules)
    .leftJoin(discountCodes, eq(discountCodes.ruleId, discountRules.id))
    .where(eq(discountRules.brandId, brandId))
    .groupBy(discountRules.id)
    .orderBy(desc(discountRules.id));
  return rows.map((r) => ({ id: r.rule.id, rule: ruleOf(r.rule), codes: Number(r.codes) }));
}
