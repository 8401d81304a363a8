// One pricing function for both rule types (API.md part 2): integers, half away from zero, never
// below 0, never more than the eligible subtotal; and the rule's refusals in the contract's order.
import { describe, expect, it } from "vitest";
import { percentRule, priceOf, pricingInputOf, pricingRefusalOf, ruleDiscountOf } from "./pricing";
import type { Rule } from "./rules";

const fixed = (amount: number, currency = "EUR", min?: number): Rule => ({
  type: "fixed_amount",
  percent: null,
  amountOff: { amount, currency },
  minSubtotal: min === undefined ? null : { amount: min, currency },
  eligibility: null,
});
const brandId = "brd_A";
const cart = (lines: [string, number, number][], currency = "EUR") =>
  pricingInputOf({ cart: { currency, lines: lines.map(([b, unitAmount, quantity], i) => ({ sku: `S${i}`, brandId: b, unitAmount, quantity })) } });

describe("ruleDiscountOf", () => {
  it.each([
    [1000, percentRule(15), 150],
    [1, percentRule(50), 1], // 0.5 → 1, half away from zero
    [999, percentRule(100), 999],
    [1000, fixed(500), 500],
    [300, fixed(500), 300], // never more than the eligible subtotal
    [0, fixed(500), 0],
  ])("%d with %o → %d", (subtotal, rule, expected) => expect(ruleDiscountOf(subtotal, rule)).toBe(expected));
});

describe("priceOf with a fixed amount", () => {
  it("takes the amount off the brand's lines only and never goes below 0", () => {
    expect(priceOf(cart([[brandId, 300, 1], ["brd_B", 2000, 1]]), { brandId, rule: fixed(500) })).toEqual({
      currency: "EUR",
      subtotal: 2300,
      eligibleSubtotal: 300,
      discountAmount: 300,
      total: 2000,
    });
  });
});

describe("pricingRefusalOf", () => {
  const code = (rule: Rule) => ({ brandId, code: "X", rule });
  it("no_eligible_items when no line is the brand's", () => {
    expect(pricingRefusalOf(cart([["brd_B", 100, 1]]), code(percentRule(10)))?.code).toBe("no_eligible_items");
  });
  it("no_eligible_items comes before currency_mismatch and minimum_not_met", () => {
    expect(pricingRefusalOf(cart([["brd_B", 100, 1]], "USD"), code(fixed(500, "EUR", 5000)))?.code).toBe("no_eligible_items");
  });
  it("currency_mismatch before minimum_not_met", () => {
    expect(pricingRefusalOf(cart([[brandId, 100, 1]], "USD"), code(fixed(500, "EUR", 5000)))?.code).toBe("currency_mismatch");
  });
  it("minimum_not_met says what is missing", () => {
    const r = pricingRefusalOf(cart([[brandId, 1200, 2]]), code(fixed(500, "EUR", 5000)));
    expect(r).toMatchObject({ code: "minimum_not_met", missing: 2600, minimum: { amount: 5000, currency: "EUR" } });
    expect(r?.message).toContain("26.00");
  });
  it("a minimum with no amount to measure is not met", () => {
    expect(pricingRefusalOf(pricingInputOf({}), code(fixed(500, "EUR", 5000)))).toMatchObject({ code: "minimum_not_met", missing: null });
  });
  it("reached minimum → no refusal", () => {
    expect(pricingRefusalOf(cart([[brandId, 5000, 1]]), code(fixed(500, "EUR", 5000)))).toBeNull();
  });
});
