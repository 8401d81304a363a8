import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { discountAmountOf, MAX_AMOUNT, percentRule, priceOf, pricingInputOf, type CartLine } from "./pricing";

const acme = "brd_acme";
const other = "brd_other";
const line = (brandId: string, unitAmount: number, quantity = 1, extra: Partial<CartLine> = {}): CartLine => ({
  sku: `SKU-${unitAmount}`,
  brandId,
  unitAmount,
  quantity,
  ...extra,
});

function codeOf(e: unknown) {
  expect(e).toBeInstanceOf(DomainError);
  return (e as DomainError).code;
}
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("discountAmountOf: round half away from zero to the minor unit", () => {
  it.each([
    [1000, 10, 100],
    [5, 10, 1], // 0.5 → 1
    [15, 10, 2], // 1.5 → 2
    [25, 10, 3], // 2.5 → 3 (not banker's 2)
    [4, 10, 0], // 0.4 → 0
    [14, 10, 1], // 1.4 → 1
    [1999, 15, 300], // 299.85 → 300
    [333, 50, 167], // 166.5 → 167
    [1, 50, 1], // 0.5 → 1
    [1, 49, 0], // 0.49 → 0
    [0, 100, 0],
    [12345, 100, 12345],
    [MAX_AMOUNT, 100, MAX_AMOUNT],
    [MAX_AMOUNT, 33, 708669604], // 708669603.51 → 708669604
    [-5, 10, -1], // away from zero on the negative side too
    [-4, 10, 0],
  ])("%d × %d %% → %d", (amount, percent, expected) => {
    expect(discountAmountOf(amount, percent)).toBe(expected);
  });
});

describe("priceOf", () => {
  it("omits pricing without amount or cart", () => {
    expect(priceOf(pricingInputOf({}), { brandId: acme, rule: percentRule(10) })).toBeUndefined();
    expect(priceOf(pricingInputOf({ currency: "EUR" }), { brandId: acme, rule: percentRule(10) })).toBeUndefined();
  });

  it("makes a bare amount eligible whole", () => {
    expect(priceOf(pricingInputOf({ amount: 10_000, currency: "eur" }), { brandId: acme, rule: percentRule(15) })).toEqual({
      currency: "EUR",
      subtotal: 10_000,
      eligibleSubtotal: 10_000,
      discountAmount: 1500,
      total: 8500,
    });
  });

  it("prices a zero amount at zero", () => {
    expect(priceOf(pricingInputOf({ amount: 0, currency: "EUR" }), { brandId: acme, rule: percentRule(50) })).toMatchObject({
      subtotal: 0,
      discountAmount: 0,
      total: 0,
    });
  });

  it("takes 100 % off down to zero, never below", () => {
    const p = priceOf(pricingInputOf({ amount: 2999, currency: "EUR" }), { brandId: acme, rule: percentRule(100) });
    expect(p).toMatchObject({ discountAmount: 2999, total: 0 });
    const cart = { currency: "EUR", lines: [line(acme, 999, 3), line(other, 500)] };
    expect(priceOf(pricingInputOf({ cart }), { brandId: acme, rule: percentRule(100) })).toEqual({
      currency: "EUR",
      subtotal: 3497,
      eligibleSubtotal: 2997,
      discountAmount: 2997,
      total: 500,
    });
  });

  it("discounts only the lines of the code's brand in a mixed cart", () => {
    const cart = { currency: "EUR", lines: [line(acme, 2900, 2), line(other, 3400), line(acme, 1800)] };
    expect(priceOf(pricingInputOf({ cart }), { brandId: acme, rule: percentRule(10) })).toEqual({
      currency: "EUR",
      subtotal: 11_000,
      eligibleSubtotal: 7600,
      discountAmount: 760,
      total: 10_240,
    });
    expect(priceOf(pricingInputOf({ cart }), { brandId: "brd_nobody", rule: percentRule(10) })).toMatchObject({
      eligibleSubtotal: 0,
      discountAmount: 0,
      total: 11_000,
    });
  });

  it("rounds a cart at .5 away from zero", () => {
    const cart = { currency: "EUR", lines: [line(acme, 25)] };
    expect(priceOf(pricingInputOf({ cart }), { brandId: acme, rule: percentRule(10) })).toMatchObject({ discountAmount: 3, total: 22 });
  });

  it("prices an empty cart at zero", () => {
    expect(priceOf(pricingInputOf({ cart: { currency: "usd", lines: [] } }), { brandId: acme, rule: percentRule(20) })).toEqual({
      currency: "USD",
      subtotal: 0,
      eligibleSubtotal: 0,
      discountAmount: 0,
      total: 0,
    });
  });

  it("handles the largest amounts exactly", () => {
    const p = priceOf(pricingInputOf({ amount: MAX_AMOUNT, currency: "EUR" }), { brandId: acme, rule: percentRule(99) });
    expect(p).toMatchObject({ discountAmount: 2_126_008_811, total: 21_474_836 }); // 2126008810.53 → …811
    const cart = { currency: "EUR", lines: [line(acme, MAX_AMOUNT)] };
    expect(priceOf(pricingInputOf({ cart }), { brandId: acme, rule: percentRule(1) })).toMatchObject({ discountAmount: 21_474_836 });
  });
});

describe("pricingInputOf refuses what cannot be priced", () => {
  it("a cart whose lines are in another currency → currency_mismatch", () => {
    const cart = { currency: "EUR", lines: [line(acme, 100), line(acme, 100, 1, { currency: "USD" })] };
    const e = thrown(() => pricingInputOf({ cart }));
    expect(codeOf(e)).toBe("currency_mismatch");
    expect((e as DomainError).errors).toEqual([{ path: "cart.lines.1.currency", message: "must be EUR" }]);
  });

  it("accepts lines that repeat the cart's currency in any case", () => {
    const cart = { currency: "eur", lines: [line(acme, 100, 1, { currency: "EUR" }), line(acme, 100, 1, { currency: "eur" })] };
    expect(pricingInputOf({ cart })).toMatchObject({ kind: "cart", cart: { currency: "EUR" } });
  });

  it("a top-level currency that is not the cart's → currency_mismatch", () => {
    expect(codeOf(thrown(() => pricingInputOf({ currency: "USD", cart: { currency: "EUR", lines: [] } })))).toBe(
      "currency_mismatch",
    );
  });

  it("amount without currency, or amount and cart together → validation_failed", () => {
    expect(codeOf(thrown(() => pricingInputOf({ amount: 100 })))).toBe("validation_failed");
    expect(codeOf(thrown(() => pricingInputOf({ amount: 1, currency: "EUR", cart: { currency: "EUR", lines: [] } })))).toBe(
      "validation_failed",
    );
  });

  it("a cart whose subtotal would not fit → validation_failed, never an overflow", () => {
    const cart = { currency: "EUR", lines: Array.from({ length: 100 }, () => line(acme, MAX_AMOUNT, 10_000)) };
    const e = thrown(() => pricingInputOf({ cart }));
    expect(codeOf(e)).toBe("validation_failed");
    expect((e as DomainError).errors?.[0]?.path).toBe("cart.lines");
    expect(codeOf(thrown(() => pricingInputOf({ cart: { currency: "EUR", lines: [line(acme, MAX_AMOUNT), line(acme, 1)] } })))).toBe(
      "validation_failed",
    );
  });
});
