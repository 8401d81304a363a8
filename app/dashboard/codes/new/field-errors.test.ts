import { describe, expect, it } from "vitest";
import { fieldMessages } from "@/lib/discounts/messages";
import { createCodeBodySchema } from "@/lib/discounts/schemas";
import { codeFormErrors } from "./field-errors";
import { ruleBodyOf, type RuleFormFields } from "./rule-form";

describe("codeFormErrors: the API's schema, worded for the form", () => {
  const future = "2099-01-01T00:00:00.000Z";
  const errors = (raw: unknown) => {
    const r = createCodeBodySchema.safeParse(raw, { reportInput: true });
    if (r.success) throw new Error("expected a failure");
    return codeFormErrors(r.error.issues);
  };

  it("flags every field of an empty form at once, each in the form's words", () => {
    // What the form sends with nothing filled in (only the type and the default currency chosen).
    const blank = ["discount", "amountOff", "minSubtotal", "groupOrders", "minPriorOrders", "groupAmount", "minPriorOrderAmount", "maxRedemptions"];
    const empty = { ...Object.fromEntries(blank.map((k) => [k, ""])), type: "percentage", currency: "EUR" } as RuleFormFields;
    const got = errors({ code: "", rule: ruleBodyOf(empty).rule });
    expect(got).toEqual({ code: "Enter a code.", discount: "Enter a percentage from 1 to 100.", validUntil: "Choose when the code ends." });
    expect(errors({ code: "", rule: ruleBodyOf({ ...empty, type: "fixed_amount" }).rule })).toEqual({
      code: "Enter a code.",
      amountOff: "Enter how much to take off, like 5.00.",
      validUntil: "Choose when the code ends.",
    });
  });

  it("keeps the schema's rule for a malformed code", () => {
    expect(errors({ code: "no spaces!", discount: 10, validUntil: future }).code).toBe("Must be 3–32 characters of A–Z, 0–9, - and _.");
  });

  it("asks for missing fields in words", () => {
    expect(errors({ code: "OK123", discount: 10 })).toEqual({ validUntil: "Choose when the code ends." });
  });

  it("explains the percentage range", () => {
    expect(errors({ code: "OK123", discount: 150, validUntil: future }).discount).toBe("Enter a whole-number percentage from 1 to 100.");
    expect(errors({ code: "OK123", discount: Number.NaN, validUntil: future }).discount).toBe("Enter a whole-number percentage from 1 to 100.");
  });

  it("names dates that are not dates by the form's labels", () => {
    expect(errors({ code: "OK123", discount: 10, validUntil: "2099-01-01T00:00", validFrom: "soon" })).toEqual({
      validUntil: "Enter a date and time for Ends.",
      validFrom: "Enter a date and time, or leave Starts empty to start right away.",
    });
  });

  it("words the domain's field errors for the form, never in the API's words", () => {
    const domain = (path: string, message: string) => codeFormErrors([{ path: [path], message, code: "validation_failed" }]);
    expect(domain("validUntil", fieldMessages.untilBeforeStart)).toEqual({ validUntil: "Ends must be after Starts." });
    expect(domain("validUntil", fieldMessages.untilPast)).toEqual({ validUntil: "Ends must be in the future." });
    expect(domain("discount", fieldMessages.notOneRule)).toEqual({ discount: "Enter a percentage from 1 to 100, or pick a rule." });
    expect(domain("ruleId", fieldMessages.unknownRule)).toEqual({ ruleId: "Choose one of your rules." });
    expect(codeFormErrors([{ path: ["code"], message: fieldMessages.codeTaken, code: "code_taken" }]).code).toMatch(/already exists/);
  });
});

describe("codeFormErrors: part 2's rule fields", () => {
  const future = "2099-01-01T00:00:00.000Z";
  const errors = (rule: unknown, extra: Record<string, unknown> = {}) => {
    const r = createCodeBodySchema.safeParse({ code: "OK123", validUntil: future, rule, ...extra }, { reportInput: true });
    if (r.success) throw new Error("expected a failure");
    return codeFormErrors(r.error.issues);
  };

  it("puts each nested path on its form field", () => {
    expect(errors({ type: "fixed_amount", amountOff: { amount: Number.NaN, currency: "EUR" } })).toEqual({
      amountOff: "Enter an amount of at least 0.01, like 5.00 (two decimals at most).",
    });
    expect(errors({ type: "fixed_amount" })).toEqual({ amountOff: "Enter how much to take off, like 5.00." });
    expect(errors({ type: "percentage", percent: 10, minSubtotal: { amount: 0, currency: "EUR" } }).minSubtotal).toMatch(/Enter a minimum/);
    expect(errors({ type: "percentage", percent: 10, eligibility: { minPriorOrders: 0 } }).minPriorOrders).toMatch(/whole number of earlier orders/);
    expect(errors({ type: "percentage", percent: 10, eligibility: { minPriorOrderAmount: { amount: Number.NaN, currency: "EUR" } } }).minPriorOrderAmount).toMatch(
      /order amount/,
    );
    expect(errors({ type: "percentage", percent: 10 }, { maxRedemptions: 0 }).maxRedemptions).toMatch(/whole number of uses/);
    expect(errors({ type: "percentage", percent: 101 }).discount).toBe("Enter a whole-number percentage from 1 to 100.");
  });

  it("maps the paths it does not know to the form", () => {
    expect(codeFormErrors([{ path: ["somethingElse"], message: "nope" }])).toEqual({ form: "Nope." });
  });
});
