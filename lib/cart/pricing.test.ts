import { describe, expect, it } from "vitest";
import { priceOf } from "../discounts/pricing";
import { allocateDiscount, lineTotal, previewPricing, previewRefusal, subtotalOf, toApiCart } from "./pricing";

const acme = "brd_acme";
const nw = "brd_nw";
const cart = [
  { sku: "ACME-TEE", brandId: acme, unitAmount: 2900, quantity: 2 },
  { sku: "NW-PACK", brandId: nw, unitAmount: 8900, quantity: 1 },
  { sku: "ACME-CAP", brandId: acme, unitAmount: 2450, quantity: 1 },
];

describe("previewPricing", () => {
  it("discounts only the code's brand's lines", () => {
    expect(previewPricing({ lines: cart, currency: "EUR" }, { brandId: acme, rule: 10 })).toEqual({
      currency: "EUR",
      subtotal: 5800 + 8900 + 2450,
      eligibleSubtotal: 8250,
      discountAmount: 825,
      total: 17150 - 825,
    });
  });

  it("rounds half away from zero", () => {
    // 15 % of 2450 = 367.5 → 368
    expect(previewPricing({ lines: [cart[2]!], currency: "EUR" }, { brandId: acme, rule: 15 }).discountAmount).toBe(368);
  });

  it("never goes below zero and handles an empty cart", () => {
    expect(previewPricing({ lines: cart, currency: "EUR" }, { brandId: acme, rule: 100 }).total).toBe(8900);
    expect(previewPricing({ lines: [], currency: "EUR" }, { brandId: acme, rule: 50 })).toMatchObject({ subtotal: 0, discountAmount: 0, total: 0 });
  });

  it("gives nothing when no line is the code's brand's", () => {
    expect(previewPricing({ lines: [cart[1]!], currency: "EUR" }, { brandId: acme, rule: 50 }).discountAmount).toBe(0);
  });

  it("prices a fixed amount, never more than the brand's lines", () => {
    const fixed = { type: "fixed_amount" as const, percent: null, amountOff: { amount: 500, currency: "EUR" } };
    expect(previewPricing({ lines: cart, currency: "EUR" }, { brandId: acme, rule: fixed })).toMatchObject({ eligibleSubtotal: 8250, discountAmount: 500, total: 17150 - 500 });
    const big = { ...fixed, amountOff: { amount: 100_000, currency: "EUR" } };
    expect(previewPricing({ lines: cart, currency: "EUR" }, { brandId: acme, rule: big })).toMatchObject({ discountAmount: 8250, total: 8900 });
  });

  it("is the API's pricing function exactly, for any cart", () => {
    // Pseudo-random carts: the preview and priceOf agree to the cent.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let k = 0; k < 500; k++) {
      const lines = Array.from({ length: 1 + rnd(5) }, (_, i) => ({ sku: `S${i}`, brandId: rnd(2) ? acme : nw, unitAmount: rnd(100_000), quantity: 1 + rnd(5) }));
      const rule = rnd(2)
        ? { type: "percentage" as const, percent: 1 + rnd(100), amountOff: null, minSubtotal: null, eligibility: null }
        : { type: "fixed_amount" as const, percent: null, amountOff: { amount: 1 + rnd(50_000), currency: "EUR" }, minSubtotal: null, eligibility: null };
      expect(previewPricing({ lines, currency: "EUR" }, { brandId: acme, rule })).toEqual(priceOf({ kind: "cart", cart: { currency: "EUR", lines } }, { brandId: acme, rule }));
    }
  });
});

describe("the checkout and the widget show what the API computes", () => {
  // Values where pricing in floating-point euros goes wrong by a cent: 1.15 × 0.5 = 0.57499…,
  // 1.45 × 0.1 = 0.14499…, 10.05 × 0.1 = 1.00499…; 3 × 3.33 = 9.99 at 15 % = 1.4985.
  it.each([
    { what: "3 × €3.33 at 15 %", unitAmount: 333, quantity: 3, percent: 15, discountAmount: 150 },
    { what: "€1.15 at 50 % (a half cent)", unitAmount: 115, quantity: 1, percent: 50, discountAmount: 58 },
    { what: "€1.45 at 10 % (a half cent)", unitAmount: 145, quantity: 1, percent: 10, discountAmount: 15 },
    { what: "€10.05 at 10 % (a half cent)", unitAmount: 1005, quantity: 1, percent: 10, discountAmount: 101 },
    { what: "3 × €3.33 at 50 % (a half cent)", unitAmount: 333, quantity: 3, percent: 50, discountAmount: 500 },
    { what: "€0.01 at 50 %", unitAmount: 1, quantity: 1, percent: 50, discountAmount: 1 },
    { what: "€0.01 at 49 %", unitAmount: 1, quantity: 1, percent: 49, discountAmount: 0 },
  ])("$what: $discountAmount cents off, as the domain prices it", ({ unitAmount, quantity, percent, discountAmount }) => {
    const lines = [
      { sku: "ACME-SOCKS", brandId: acme, unitAmount, quantity },
      { sku: "NW-MUG", brandId: nw, unitAmount: 1000, quantity: 1 },
    ];
    const rule = { type: "percentage" as const, percent, amountOff: null, minSubtotal: null, eligibility: null };
    const domain = priceOf({ kind: "cart", cart: { currency: "EUR", lines } }, { brandId: acme, rule })!;
    expect(domain.discountAmount).toBe(discountAmount);
    // The widget's preview ("You'll save …") is the domain's answer.
    expect(previewPricing({ lines, currency: "EUR" }, { brandId: acme, rule })).toEqual(domain);
    expect(previewPricing({ lines, currency: "EUR" }, { brandId: acme, rule: percent })).toEqual(domain);
    // The checkout's summary: its subtotal before a code, and the lines' shares of the API's discount after.
    expect(subtotalOf(lines)).toBe(domain.subtotal);
    const parts = allocateDiscount(lines, { brandId: acme, discountAmount: domain.discountAmount });
    expect(parts.reduce((a, b) => a + b, 0)).toBe(domain.discountAmount);
    expect(lines.reduce((sum, l, i) => sum + lineTotal(l) - parts[i]!, 0)).toBe(domain.total);
  });
});

describe("previewRefusal", () => {
  const rule = { type: "fixed_amount" as const, percent: null, amountOff: { amount: 500, currency: "EUR" }, minSubtotal: { amount: 10_000, currency: "EUR" } };
  it("says how much is missing of the minimum, as the API would", () => {
    expect(previewRefusal({ lines: cart, currency: "EUR" }, { brandId: acme, code: "X", rule })).toMatchObject({ code: "minimum_not_met", missing: 10_000 - 8250 });
    expect(previewRefusal({ lines: [cart[1]!], currency: "EUR" }, { brandId: acme, code: "X", rule })).toMatchObject({ code: "no_eligible_items" });
    expect(previewRefusal({ lines: cart, currency: "USD" }, { brandId: acme, code: "X", rule })).toMatchObject({ code: "currency_mismatch" });
    expect(previewRefusal({ lines: cart, currency: "EUR" }, { brandId: acme, code: "X", rule: { ...rule, minSubtotal: { amount: 8250, currency: "EUR" } } })).toBeNull();
  });
});

describe("allocateDiscount", () => {
  it("spreads the API's discount over eligible lines, adding up exactly", () => {
    const parts = allocateDiscount(cart, { brandId: acme, discountAmount: 825 });
    expect(parts[1]).toBe(0);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(825);
    expect(parts[0]).toBe(580);
    expect(parts[2]).toBe(245);
  });

  it("hands the rounding remainder to the largest fractions", () => {
    const lines = [1, 1, 1].map((q, i) => ({ sku: `S${i}`, brandId: acme, unitAmount: 100, quantity: q }));
    const parts = allocateDiscount(lines, { brandId: acme, discountAmount: 100 });
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(parts.sort()).toEqual([33, 33, 34]);
  });

  it("is all zeros without eligible lines or discount", () => {
    expect(allocateDiscount(cart, { brandId: "brd_other", discountAmount: 500 })).toEqual([0, 0, 0]);
    expect(allocateDiscount(cart, { brandId: acme, discountAmount: 0 })).toEqual([0, 0, 0]);
  });
});

it("toApiCart keeps only API fields and positive quantities", () => {
  const rich = [{ ...cart[0]!, name: "Tee", brandName: "Acme" }, { ...cart[1]!, quantity: 0 }];
  expect(toApiCart(rich, "EUR")).toEqual({ currency: "EUR", lines: [cart[0]] });
  expect(subtotalOf(cart)).toBe(17150);
});
