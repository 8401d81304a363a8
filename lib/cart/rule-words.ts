// A code's rule in plain words, for the dashboard, the checkout and the widget. Browser-safe (no
// domain imports): the rule's shape is the API's `rule` object (API.md part 2, "Rules").
import { formatMoney } from "./format";

export interface MoneyLike {
  amount: number;
  currency: string;
}

export interface RuleLike {
  type: "percentage" | "fixed_amount";
  percent: number | null;
  amountOff: MoneyLike | null;
  minSubtotal: MoneyLike | null;
  eligibility: { minPriorOrders: number | null; minPriorOrderAmount: MoneyLike | null } | null;
}

const money = (m: MoneyLike, locale?: string) => formatMoney(m.amount, { currency: m.currency, locale });

/** "20% off" or "€5.00 off". */
export function ruleOffWords(rule: Pick<RuleLike, "type" | "percent" | "amountOff">, locale?: string): string {
  if (rule.type === "fixed_amount" && rule.amountOff) return `${money(rule.amountOff, locale)} off`;
  return `${rule.percent ?? 0}% off`;
}

/** "at least 3 earlier orders with Acme" / "an earlier order of at least €100.00 with Acme", joined by "and"; null without eligibility. */
export function eligibilityWords(e: RuleLike["eligibility"], { brandName, locale }: { brandName: string; locale?: string }): string | null {
  if (!e) return null;
  const parts: string[] = [];
  if (e.minPriorOrders !== null && e.minPriorOrders > 0) {
    parts.push(`at least ${e.minPriorOrders} earlier ${e.minPriorOrders === 1 ? "order" : "orders"} with ${brandName}`);
  }
  if (e.minPriorOrderAmount) parts.push(`an earlier ${brandName} order of at least ${money(e.minPriorOrderAmount, locale)}`);
  return parts.length ? parts.join(" and ") : null;
}

/**
 * The whole rule in words, without a full stop (an email puts it inside its own sentences): "€5.00
 * off Acme products, when the Acme items come to €50.00 or more, for shoppers with at least 3
 * earlier orders with Acme".
 */
export function ruleTermsWords(rule: RuleLike, { brandName, locale }: { brandName: string; locale?: string }): string {
  const off = rule.type === "fixed_amount" ? `${ruleOffWords(rule, locale)} ${brandName} products` : `${ruleOffWords(rule, locale)} every ${brandName} product`;
  const min = rule.minSubtotal ? `, when the ${brandName} items come to ${money(rule.minSubtotal, locale)} or more` : "";
  const who = eligibilityWords(rule.eligibility, { brandName, locale });
  return `${off}${min}${who ? `, for shoppers with ${who}` : ""}`;
}

/** The whole rule as one sentence (ruleTermsWords with its full stop), for the dashboard, checkout and widget. */
export function ruleInWords(rule: RuleLike, o: { brandName: string; locale?: string }): string {
  return `${ruleTermsWords(rule, o)}.`;
}

/** "Unlimited" or "3 of 100 left". */
export function capWords(maxRedemptions: number | null, remaining: number | null): string {
  if (maxRedemptions === null) return "Unlimited";
  return `${(remaining ?? 0).toLocaleString("en")} of ${maxRedemptions.toLocaleString("en")} left`;
}
