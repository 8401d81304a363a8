// Rules (API.md part 2): what a code gives — a percentage or a fixed amount off the brand's
// products — with an optional minimum on the brand's subtotal and optional eligibility by the
// shopper's earlier confirmed orders. A rule can serve many codes; an identical rule of the brand
// is reused rather than written again, so "reuse a rule" never lists twins.
import { and, asc, eq, gt, isNull, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../db";
import { discountRules, type DiscountRule } from "../db/schema";
import { DomainError } from "../errors";
import type { RuleInput, RuleView } from "./schemas";

export interface Money {
  amount: number;
  currency: string;
}

/** A rule as the domain prices and checks it. */
export interface Rule {
  type: "percentage" | "fixed_amount";
  percent: number | null;
  amountOff: Money | null;
  minSubtotal: Money | null;
  eligibility: { minPriorOrders: number | null; minPriorOrderAmount: Money | null } | null;
}

const money = (amount: number | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount, currency };

/** The domain rule of a discount_rules row. */
export function ruleOf(row: Omit<DiscountRule, "id" | "brandId" | "createdAt">): Rule {
  const minPriorOrderAmount = money(row.minPriorOrderAmount, row.minPriorOrderCurrency);
  return {
    type: row.type,
    percent: row.percent,
    amountOff: money(row.amountOff, row.amountOffCurrency),
    minSubtotal: money(row.minSubtotal, row.minSubtotalCurrency),
    eligibility: row.minPriorOrders !== null || minPriorOrderAmount ? { minPriorOrders: row.minPriorOrders, minPriorOrderAmount } : null,
  };
}

export function ruleView(row: DiscountRule): RuleView {
  return { id: row.id, ...ruleOf(row), createdAt: row.createdAt.toISOString() };
}

/** The columns of a rule (what an identical rule must match). */
function columnsOf(input: RuleInput) {
  return {
    type: input.type,
    percent: input.type === "percentage" ? (input.percent ?? null) : null,
    amountOff: input.type === "fixed_amount" ? (input.amountOff?.amount ?? null) : null,
    amountOffCurrency: input.type === "fixed_amount" ? (input.amountOff?.currency ?? null) : null,
    minSubtotal: input.minSubtotal?.amount ?? null,
    minSubtotalCurrency: input.minSubtotal?.currency ?? null,
    minPriorOrders: input.eligibility?.minPriorOrders ?? null,
    minPriorOrderAmount: input.eligibility?.minPriorOrderAmount?.amount ?? null,
    minPriorOrderCurrency: input.eligibility?.minPriorOrderAmount?.currency ?? null,
  };
}

const invalid = (path: string, message: string) =>
  new DomainError("validation_failed", `${path}: ${message}`, { errors: [{ path, message }] });

/** The brand's rule with exactly these terms, or a new one. Returns the row. */
export async function findOrCreateRule(tx: DbOrTx, brandId: string, input: RuleInput, now: Date): Promise<DiscountRule> {
  const cols = columnsOf(input);
  const same = (Object.keys(cols) as (keyof typeof cols)[]).map((k): SQL | undefined => {
    const v = cols[k];
    return v === null ? isNull(discountRules[k]) : eq(discountRules[k], v as never);
  });
  const [existing] = await tx
    .select()
    .from(discountRules)
    .where(and(eq(discountRules.brandId, brandId), ...same))
    .orderBy(asc(discountRules.id))
    .limit(1);
  if (existing) return existing;
  const [row] = await tx.insert(discountRules).values({ brandId, ...cols, createdAt: now }).returning();
  return row!;
}

/** The brand's rule by id; another brand's answers like a missing one. */
export async function ruleOfBrand(tx: DbOrTx, brandId: string, ruleId: number): Promise<DiscountRule | undefined> {
  const [rule] = await tx
    .select()
    .from(discountRules)
    .where(and(eq(discountRules.id, ruleId), eq(discountRules.brandId, brandId)));
  return rule;
}

/** What a code (or a batch) is given: exactly one of `discount`, `ruleId`, `rule`. */
export interface RuleChoice {
  discount?: number;
  ruleId?: number;
  rule?: RuleInput;
}

export function assertOneRuleChoice(input: RuleChoice): void {
  const given = [input.discount, input.ruleId, input.rule].filter((v) => v !== undefined).length;
  if (given !== 1) throw invalid("discount", "give exactly one of discount (1–100), ruleId or rule");
}

/** The rule a code or batch will use, inside its creating transaction. */
export async function resolveRule(tx: DbOrTx, brandId: string, input: RuleChoice, now: Date): Promise<DiscountRule> {
  assertOneRuleChoice(input);
  if (input.ruleId !== undefined) {
    const rule = await ruleOfBrand(tx, brandId, input.ruleId);
    if (!rule) throw invalid("ruleId", "no rule with this id belongs to the brand");
    return rule;
  }
  const ruleInput: RuleInput = input.rule ?? { type: "percentage", percent: input.discount! };
  return findOrCreateRule(tx, brandId, ruleInput, now);
}

export async function createRule(db: Db, brandId: string, input: RuleInput, now: Date): Promise<RuleView> {
  return ruleView(await findOrCreateRule(db, brandId, input, now));
}

/** GET /discountrule/{id}: `ref` as the URL has it; anything not a rule id of the brand is 404. */
export async function getRule(db: Db, brandId: string, ref: string): Promise<RuleView> {
  const ruleId = /^\d{1,10}$/.test(ref) ? Number(ref) : NaN;
  const rule = ruleId > 0 && ruleId <= 2_147_483_647 ? await ruleOfBrand(db, brandId, ruleId) : undefined;
  if (!rule) throw new DomainError("not_found", "No rule with this id.");
  return ruleView(rule);
}

/** The brand's rules, oldest first, by id cursor. */
export async function listRules(db: Db, brandId: string, query: { limit: number; cursor?: string }): Promise<{ data: RuleView[]; nextCursor: string | null }> {
  let after: SQL | undefined;
  if (query.cursor) {
    const n = /^\d{1,10}$/.test(query.cursor) ? Number(query.cursor) : NaN;
    if (!Number.isSafeInteger(n)) throw invalid("cursor", "not a cursor this API returned");
    after = gt(discountRules.id, n);
  }
  const rows = await db
    .select()
    .from(discountRules)
    .where(and(eq(discountRules.brandId, brandId), after))
    .orderBy(asc(discountRules.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { data: page.map(ruleView), nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.id) : null };
}
