// Rules (API.md part 2): what a code gives — a percentage or a fixed amount off the brand's
// products — with an optional minimum on the brand's subtotal and optional eligibility by the
// shopper's earlier confirmed orders. A rule can serve many codes; an identical rule of the brand
// is reused rather than written again (under a lock on its terms, so two codes created at the same
// moment cannot both write it), and "reuse a rule" lists each set of terms once.
import { and, asc, count, desc, eq, gt, isNull, max, min, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../db";
import { discountCodes, discountRules, type DiscountRule } from "../db/schema";
import { DomainError } from "../errors";
import { fieldMessages } from "./messages";
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

/** The columns that make a rule's terms: two rules of a brand with equal terms are the same rule. */
const termColumns = [
  "type",
  "percent",
  "amountOff",
  "amountOffCurrency",
  "minSubtotal",
  "minSubtotalCurrency",
  "minPriorOrders",
  "minPriorOrderAmount",
  "minPriorOrderCurrency",
] as const satisfies readonly (keyof DiscountRule)[];

/** The columns of a rule (what an identical rule must match). */
function columnsOf(input: RuleInput): Pick<DiscountRule, (typeof termColumns)[number]> {
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

/**
 * The brand's rule with exactly these terms, or a new one. Returns the row. Race-free: a
 * transaction-scoped advisory lock on (brand, terms) makes look-up-then-insert one step, so codes
 * created at the same moment with the same terms share one rule. (Not a unique index: rules
 * written twice by earlier versions stay as they are — codes and API answers name their ids — and
 * ruleChoices folds them together.)
 */
export async function findOrCreateRule(tx: Tx, { brandId, input, now }: { brandId: string; input: RuleInput; now: Date }): Promise<DiscountRule> {
  const cols = columnsOf(input);
  const terms = JSON.stringify([brandId, ...termColumns.map((k) => cols[k])]);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${terms}, 0))`);
  const same = termColumns.map((k): SQL => {
    const v = cols[k];
    return v === null ? isNull(discountRules[k]) : eq(discountRules[k], v);
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
export async function ruleOfBrand(tx: DbOrTx, { brandId, ruleId }: { brandId: string; ruleId: number }): Promise<DiscountRule | undefined> {
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
  if (given !== 1) throw invalid("discount", fieldMessages.notOneRule);
}

/** The rule a code or batch will use, inside its creating transaction. */
export async function resolveRule(tx: Tx, { brandId, input, now }: { brandId: string; input: RuleChoice; now: Date }): Promise<DiscountRule> {
  assertOneRuleChoice(input);
  if (input.ruleId !== undefined) {
    const rule = await ruleOfBrand(tx, { brandId, ruleId: input.ruleId });
    if (!rule) throw invalid("ruleId", fieldMessages.unknownRule);
    return rule;
  }
  const ruleInput: RuleInput = input.rule ?? { type: "percentage", percent: input.discount! };
  return findOrCreateRule(tx, { brandId, input: ruleInput, now });
}

export async function createRule(db: Db, { brandId, input, now }: { brandId: string; input: RuleInput; now: Date }): Promise<RuleView> {
  // In a transaction: the lock findOrCreateRule takes lasts until its insert is committed.
  return ruleView(await db.transaction((tx) => findOrCreateRule(tx, { brandId, input, now })));
}

/** A rule a brand can reuse for a new code, with how many of its codes use these terms. */
export interface RuleChoiceView {
  /** The oldest of the brand's rules with these terms (the one findOrCreateRule reuses). */
  id: number;
  rule: Rule;
  codes: number;
}

/**
 * The brand's rules for "Reuse a rule": each set of terms once, newest first, with how many codes
 * use it — rules written twice by earlier versions are folded into one entry.
 */
export async function ruleChoices(db: Db, brandId: string): Promise<RuleChoiceView[]> {
  const terms = Object.fromEntries(termColumns.map((k) => [k, discountRules[k]])) as { [K in (typeof termColumns)[number]]: (typeof discountRules)[K] };
  const rows = await db
    .select({ id: min(discountRules.id), codes: count(discountCodes.id), ...terms })
    .from(discountRules)
    .leftJoin(discountCodes, and(eq(discountCodes.ruleId, discountRules.id), eq(discountCodes.brandId, brandId)))
    .where(eq(discountRules.brandId, brandId))
    .groupBy(...Object.values(terms))
    .orderBy(desc(max(discountRules.id)));
  return rows.map(({ id, codes, ...row }) => ({ id: id!, rule: ruleOf(row), codes: Number(codes) }));
}

/** GET /discountrule/{id}: `ref` as the URL has it; anything not a rule id of the brand is 404. */
export async function getRule(db: Db, { brandId, ref }: { brandId: string; ref: string }): Promise<RuleView> {
  const ruleId = /^\d{1,10}$/.test(ref) ? Number(ref) : NaN;
  const rule = ruleId > 0 && ruleId <= 2_147_483_647 ? await ruleOfBrand(db, { brandId, ruleId }) : undefined;
  if (!rule) throw new DomainError("not_found", "No rule with this id.");
  return ruleView(rule);
}

/** The brand's rules, oldest first, by id cursor. */
export async function listRules(db: Db, { brandId, query }: { brandId: string; query: { limit: number; cursor?: string } }): Promise<{ data: RuleView[]; nextCursor: string | null }> {
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
