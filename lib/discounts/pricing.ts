// Pricing a redemption: small pure functions over integer minor units (cents).
// Only the cart lines of the code's brand are eligible; a bare amount is eligible whole.
// One rule for both rule types (API.md part 2):
//   percentage:   discountAmount = eligibleSubtotal × percent / 100, rounded half away from zero;
//   fixed_amount: discountAmount = amountOff, never more than the eligible subtotal;
// total = subtotal − discountAmount, never below 0. The same function prices the API's answer,
// the order, the checkout and the widget.
import { DomainError } from "../errors";
import { formatMoney } from "../cart/format";
import type { Money, Rule } from "./rules";

/** Amounts are stored in integer (int4) columns of the usage record, so this is the ceiling. */
export const MAX_AMOUNT = 2_147_483_647;
export const MAX_QUANTITY = 10_000;
export const MAX_CART_LINES = 100;

export interface CartLine {
  sku: string;
  brandId: string;
  unitAmount: number;
  quantity: number;
  /** Optional per line; when given it must be the cart's currency. */
  currency?: string;
}

export interface Cart {
  currency: string;
  lines: CartLine[];
}

export interface PricingRequest {
  amount?: number;
  currency?: string;
  cart?: Cart;
}

/** What a request asks to be priced, once its parts agree with each other. */
export type PricingInput =
  | { kind: "none" }
  | { kind: "amount"; amount: number; currency: string }
  | { kind: "cart"; cart: Cart };

export interface Pricing {
  currency: string;
  subtotal: number;
  eligibleSubtotal: number;
  discountAmount: number;
  total: number;
}

/**
 * Checks that the money parts of a request fit together: amount xor cart, one currency across the
 * cart, its lines and a top-level `currency`, and a subtotal that fits the ceiling. Throws
 * 422 `currency_mismatch` or `validation_failed`; never overflows.
 */
export function pricingInputOf(req: PricingRequest): PricingInput {
  const currency = req.currency?.toUpperCase();
  if (req.amount !== undefined && req.cart !== undefined) {
    throw new DomainError("validation_failed", "Give either amount or cart, not both.", {
      errors: [{ path: "amount", message: "amount and cart are mutually exclusive" }],
    });
  }
  if (req.amount !== undefined) {
    if (!currency) {
      throw new DomainError("validation_failed", "currency is required with amount.", {
        errors: [{ path: "currency", message: "required with amount" }],
      });
    }
    return { kind: "amount", amount: req.amount, currency };
  }
  if (req.cart === undefined) return { kind: "none" };

  const cartCurrency = req.cart.currency.toUpperCase();
  if (currency && currency !== cartCurrency) {
    throw new DomainError("currency_mismatch", `currency ${currency} differs from the cart's ${cartCurrency}.`);
  }
  const lines = req.cart.lines.map((line, i) => {
    const lineCurrency = line.currency?.toUpperCase();
    if (lineCurrency && lineCurrency !== cartCurrency) {
      throw new DomainError("currency_mismatch", `Line ${i} is in ${lineCurrency}, the cart in ${cartCurrency}.`, {
        errors: [{ path: `cart.lines.${i}.currency`, message: `must be ${cartCurrency}` }],
      });
    }
    return { ...line, currency: cartCurrency };
  });
  const subtotal = sumLines(lines);
  if (subtotal > MAX_AMOUNT) {
    throw new DomainError("validation_failed", `The cart's subtotal exceeds ${MAX_AMOUNT}.`, {
      errors: [{ path: "cart.lines", message: `subtotal must be at most ${MAX_AMOUNT}` }],
    });
  }
  return { kind: "cart", cart: { currency: cartCurrency, lines } };
}

/** Σ unitAmount × quantity. Within the schema's bounds (≤ 100 × 2^31 × 10^4) this is exact. */
export function sumLines(lines: readonly Pick<CartLine, "unitAmount" | "quantity">[]): number {
  let sum = 0;
  for (const l of lines) sum += l.unitAmount * l.quantity;
  return sum;
}

/** round(amount × percent / 100), half away from zero, in exact integer steps. */
export function discountAmountOf(amount: number, percent: number): number {
  const n = Math.abs(amount * percent);
  const q = Math.floor(n / 100);
  const rounded = n - q * 100 >= 50 ? q + 1 : q;
  return amount < 0 && rounded !== 0 ? -rounded : rounded;
}

/** What a rule takes off an eligible subtotal: never negative, never more than the subtotal. */
export function ruleDiscountOf(eligibleSubtotal: number, rule: Pick<Rule, "type" | "percent" | "amountOff">): number {
  const off = rule.type === "percentage" ? discountAmountOf(eligibleSubtotal, rule.percent ?? 0) : (rule.amountOff?.amount ?? 0);
  return Math.max(0, Math.min(off, eligibleSubtotal));
}

/** A percentage rule (part 1's `discount`). */
export const percentRule = (percent: number): Rule => ({ type: "percentage", percent, amountOff: null, minSubtotal: null, eligibility: null });

export function priceOf(input: PricingInput, code: { brandId: string; rule: Rule }): Pricing | undefined {
  if (input.kind === "none") return undefined;
  const { currency, subtotal, eligibleSubtotal } = subtotalsOf(input, code.brandId);
  const discountAmount = ruleDiscountOf(eligibleSubtotal, code.rule);
  return { currency, subtotal, eligibleSubtotal, discountAmount, total: Math.max(0, subtotal - discountAmount) };
}

function subtotalsOf(input: Exclude<PricingInput, { kind: "none" }>, brandId: string) {
  return input.kind === "amount"
    ? { currency: input.currency, subtotal: input.amount, eligibleSubtotal: input.amount }
    : {
        currency: input.cart.currency,
        subtotal: sumLines(input.cart.lines),
        eligibleSubtotal: sumLines(input.cart.lines.filter((l) => l.brandId === brandId)),
      };
}

/** Why a rule refuses a cart (API.md's order among these: no_eligible_items → currency_mismatch → minimum_not_met). */
export type PricingRefusal =
  | { code: "no_eligible_items"; message: string }
  | { code: "currency_mismatch"; message: string }
  | { code: "minimum_not_met"; message: string; minimum: Money; missing: number | null };

/**
 * The first refusal of the rule for this request, or null. Pure; `format` writes money in the
 * detail ("€50.00").
 */
export function pricingRefusalOf(input: PricingInput, code: { brandId: string; code: string; rule: Rule }, { format = (m) => formatMoney(m.amount, { currency: m.currency }) }: { format?: (m: Money) => string } = {}): PricingRefusal | null {
  if (input.kind === "cart" && !input.cart.lines.some((l) => l.brandId === code.brandId)) {
    return { code: "no_eligible_items", message: `Nothing in the cart is from the brand of ${code.code}; the code was not used.` };
  }
  const { amountOff, minSubtotal } = code.rule;
  const currency = input.kind === "none" ? null : input.kind === "amount" ? input.currency : input.cart.currency;
  for (const m of [amountOff, minSubtotal]) {
    if (m && currency && m.currency !== currency) {
      return { code: "currency_mismatch", message: `The code ${code.code} is in ${m.currency}; this order is in ${currency}.` };
    }
  }
  if (minSubtotal) {
    if (input.kind === "none") {
      return {
        code: "minimum_not_met",
        message: `The code ${code.code} needs ${format(minSubtotal)} of the brand's products: send the cart or amount.`,
        minimum: minSubtotal,
        missing: null,
      };
    }
    const { eligibleSubtotal } = subtotalsOf(input, code.brandId);
    if (eligibleSubtotal < minSubtotal.amount) {
      const missing = minSubtotal.amount - eligibleSubtotal;
      return {
        code: "minimum_not_met",
        message: `The code ${code.code} needs ${format(minSubtotal)} of the brand's products; add ${format({ amount: missing, currency: minSubtotal.currency })} more.`,
        minimum: minSubtotal,
        missing,
      };
    }
  }
  return null;
}
