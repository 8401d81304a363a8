import { describe, expect, it } from "vitest";
import { capWords, eligibilityWords, ruleInWords, ruleOffWords } from "./rule-words";

const base = { percent: null, amountOff: null, minSubtotal: null, eligibility: null };

describe("rule in words", () => {
  it("says a percentage as part 1 did", () => {
    const r = { ...base, type: "percentage" as const, percent: 10 };
    expect(ruleOffWords(r)).toBe("10% off");
    expect(ruleInWords(r, { brandName: "Acme Outfitters" })).toBe("10% off every Acme Outfitters product.");
  });

  it("says a fixed amount with a minimum and both user groups", () => {
    const r = {
      type: "fixed_amount" as const,
      percent: null,
      amountOff: { amount: 500, currency: "EUR" },
      minSubtotal: { amount: 5000, currency: "EUR" },
      eligibility: { minPriorOrders: 3, minPriorOrderAmount: { amount: 10000, currency: "EUR" } },
    };
    expect(ruleOffWords(r)).toBe("€5.00 off");
    expect(ruleInWords(r, { brandName: "Acme" })).toBe(
      "€5.00 off Acme products, when the Acme items come to €50.00 or more, for shoppers with at least 3 earlier orders with Acme and an earlier Acme order of at least €100.00.",
    );
  });

  it("has no eligibility words without a group", () => {
    expect(eligibilityWords(null, { brandName: "Acme" })).toBeNull();
    expect(eligibilityWords({ minPriorOrders: null, minPriorOrderAmount: null }, { brandName: "Acme" })).toBeNull();
    expect(eligibilityWords({ minPriorOrders: 1, minPriorOrderAmount: null }, { brandName: "Acme" })).toBe("at least 1 earlier order with Acme");
  });

  it("says the cap", () => {
    expect(capWords(null, null)).toBe("Unlimited");
    expect(capWords(100, 3)).toBe("3 of 100 left");
  });
});
