// Pricing a redemption: small pure functions over integer minor units (cents).
// Only the cart lines of the code's brand are eligible; a bare amount is eligible whole.
// discountAmount = eligibleSubtotal × percent / 100, rounded half away from zero;
// total = subtotal − discountAmount, never below 0.
import { DomainError } from "../errors";

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

export function priceOf(input: PricingInput, code: { brandId: string; percent: number }): Pricing | undefined {
  if (input.kind === "none") return undefined;
  const { currency, subtotal, eligibleSubtotal } =
    input.kind === "amount"
      ? { currency: input.currency, subtotal: input.amount, eligibleSubtotal: input.amount }
      : {
          currency: input.cart.currency,
          subtotal: sumLines(input.cart.lines),
          eligibleSubtotal: sumLines(input.cart.lines.filter((l) => l.brandId === code.brandId)),
        };
  const discountAmount = discountAmountOf(eligibleSubtotal, code.percent);
  return { currency, subtotal, eligibleSubtotal, discountAmount, total: Math.max(0, subtotal - discountAmount) };
}
