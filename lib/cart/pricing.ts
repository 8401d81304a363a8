// Cart arithmetic for display — one pricing rule. The authoritative numbers come from the API's
// `pricing`; before a code is applied, the preview calls the API's own pricing function
// (lib/discounts/pricing.ts: integer minor units, percentage or fixed amount, only the code's
// brand's lines eligible, halves rounded away from zero), so what the shopper is promised is what
// the API charges, to the cent. Nothing here computes a discount itself. allocateDiscount spreads
// the API's discount over the eligible lines in whole minor units so each line can show its own
// reduced price.
import { percentRule, priceOf, pricingRefusalOf, sumLines, type PricingInput, type PricingRefusal } from "../discounts/pricing";
import type { Rule } from "../discounts/rules";
import type { Cart, CartLine, Pricing } from "./types";

export function lineTotal(line: CartLine): number {
  return sumLines([line]);
}

export function subtotalOf(lines: readonly CartLine[]): number {
  return sumLines(lines);
}

/** The rule a preview prices with: the API's rule object, or a bare percentage (part 1's `discount`). */
export type PreviewRule = Pick<Rule, "type" | "percent" | "amountOff"> & Partial<Pick<Rule, "minSubtotal" | "eligibility">>;

function fullRule(rule: PreviewRule | number): Rule {
  if (typeof rule === "number") return percentRule(rule);
  return { minSubtotal: null, eligibility: null, ...rule };
}

/** Only the fields of a line that API.md names (a shop line also carries its name, brand name…). */
const apiLine = ({ sku, brandId, unitAmount, quantity }: CartLine): CartLine => ({ sku, brandId, unitAmount, quantity });

/** A cart as the preview verbs take it: its lines and its currency. */
interface PreviewCart {
  lines: readonly CartLine[];
  currency: string;
}

const cartInput = ({ lines, currency }: PreviewCart): PricingInput => ({ kind: "cart", cart: { currency, lines: lines.map(apiLine) } });

/** What the API would answer for this cart and rule (the same integer function). */
export function previewPricing(cart: PreviewCart, { brandId, rule }: { brandId: string; rule: PreviewRule | number }): Pricing {
  return priceOf(cartInput(cart), { brandId, rule: fullRule(rule) })!;
}

/** Why the API would refuse this cart for this rule (no_eligible_items, currency_mismatch, minimum_not_met), or null. */
export function previewRefusal(cart: PreviewCart, code: { brandId: string; code: string; rule: PreviewRule | number }): PricingRefusal | null {
  return pricingRefusalOf(cartInput(cart), { brandId: code.brandId, code: code.code, rule: fullRule(code.rule) });
}

/**
 * Splits `discountAmount` over the lines of `brandId` in proportion to their totals, so that the
 * parts are whole minor units and add up exactly (largest remainder). Other lines get 0.
 */
export function allocateDiscount(lines: readonly CartLine[], { brandId, discountAmount }: { brandId: string; discountAmount: number }): number[] {
  const eligible = lines.map((l) => (l.brandId === brandId ? lineTotal(l) : 0));
  const base = eligible.reduce((a, b) => a + b, 0);
  if (base <= 0 || discountAmount <= 0) return lines.map(() => 0);
  const amount = Math.min(discountAmount, base);
  // Integer shares: floor(t × amount / base) with its remainder, no fractional arithmetic.
  const parts = eligible.map((t) => Math.floor((t * amount) / base));
  const remainders = eligible.map((t, i) => t * amount - parts[i]! * base);
  let left = amount - parts.reduce((a, b) => a + b, 0);
  const order = remainders
    .map((rem, i) => ({ i, rem }))
    .filter(({ i }) => eligible[i]! > 0)
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** The API's cart: only the fields API.md names, quantities ≥ 1. */
export function toApiCart(lines: readonly CartLine[], currency: string): Cart {
  return { currency, lines: lines.filter((l) => l.quantity > 0).map(apiLine) };
}
