import { describe, expect, it } from "vitest";
import { createCodeBodySchema } from "@/lib/discounts/schemas";
import { eligibilityOf, parseMoneyInput, parseWholeNumber, ruleBodyOf, type RuleFormFields } from "./rule-form";

const empty: RuleFormFields = {
  type: "percentage",
  discount: "",
  amountOff: "",
  currency: "EUR",
  minSubtotal: "",
  groupOrders: "",
  minPriorOrders: "",
  groupAmount: "",
  minPriorOrderAmount: "",
  maxRedemptions: "",
};

describe("parseMoneyInput: major units → integer cents without floats", () => {
  it.each([
    ["5", 500],
    ["5.5", 550],
    ["5.50", 550],
    ["0.29", 29],
    ["1,05", 105],
    ["€ 12.34", 1234],
    ["19.99", 1999],
  ])("%s → %i", (input, cents) => expect(parseMoneyInput(input)).toBe(cents));

  it("is undefined when empty and NaN when not an amount", () => {
    expect(parseMoneyInput("  ")).toBeUndefined();
    for (const bad of ["5.555", "-5", "abc", "1e3", "5..0"]) expect(parseMoneyInput(bad)).toBeNaN();
  });
});

describe("parseWholeNumber", () => {
  it("reads whole numbers only", () => {
    expect(parseWholeNumber("")).toBeUndefined();
    expect(parseWholeNumber(" 3 ")).toBe(3);
    expect(parseWholeNumber("2.5")).toBeNaN();
  });
});

describe("ruleBodyOf: the form's fields as the API's rule", () => {
  const future = "2099-01-01T00:00:00.000Z";
  const parse = (f: RuleFormFields) => createCodeBodySchema.safeParse({ code: "OK123", validUntil: future, ...ruleBodyOf(f) });

  it("a plain percentage", () => {
    const r = parse({ ...empty, discount: "20" });
    expect(r.success && r.data.rule).toEqual({ type: "percentage", percent: 20 });
  });

  it("a capped fixed amount with a minimum and both user groups", () => {
    const r = parse({
      ...empty,
      type: "fixed_amount",
      amountOff: "5",
      minSubtotal: "50.00",
      maxRedemptions: "100",
      groupOrders: "on",
      minPriorOrders: "3",
      groupAmount: "on",
      minPriorOrderAmount: "100",
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.rule).toEqual({
      type: "fixed_amount",
      amountOff: { amount: 500, currency: "EUR" },
      minSubtotal: { amount: 5000, currency: "EUR" },
      eligibility: { minPriorOrders: 3, minPriorOrderAmount: { amount: 10000, currency: "EUR" } },
    });
    expect(r.data.maxRedemptions).toBe(100);
  });

  it("leaves an unticked group out, and refuses a ticked one left empty", () => {
    expect(eligibilityOf({ ...empty, minPriorOrders: "3" })).toBeUndefined();
    const r = parse({ ...empty, discount: "10", groupOrders: "on" });
    expect(r.success).toBe(false);
    expect(!r.success && r.error.issues[0]!.path).toEqual(["rule", "eligibility", "minPriorOrders"]);
  });

  it("refuses a malformed amount through the schema", () => {
    const r = parse({ ...empty, type: "fixed_amount", amountOff: "five" });
    expect(!r.success && r.error.issues.map((i) => i.path.join("."))).toContain("rule.amountOff.amount");
  });
});
