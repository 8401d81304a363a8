import { describe, expect, it } from "vitest";
import { createCodeBodySchema } from "@/lib/discounts/schemas";
import { fieldErrorsOf } from "./field-errors";

describe("fieldErrorsOf: the API's schema, worded for the form", () => {
  const future = "2099-01-01T00:00:00.000Z";
  const errors = (raw: unknown) => {
    const r = createCodeBodySchema.safeParse(raw, { reportInput: true });
    if (r.success) throw new Error("expected a failure");
    return fieldErrorsOf(r.error.issues);
  };

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

  it("maps the domain's field errors too", () => {
    expect(fieldErrorsOf([{ path: ["validUntil"], message: "must be in the future", code: "validation_failed" }])).toEqual({ validUntil: "Must be in the future." });
    expect(fieldErrorsOf([{ path: ["code"], message: "already exists", code: "code_taken" }]).code).toMatch(/already exists/);
  });
});

describe("fieldErrorsOf: part 2's rule fields", () => {
  const future = "2099-01-01T00:00:00.000Z";
  const errors = (rule: unknown, extra: Record<string, unknown> = {}) => {
    const r = createCodeBodySchema.safeParse({ code: "OK123", validUntil: future, rule, ...extra }, { reportInput: true });
    if (r.success) throw new Error("expected a failure");
    return fieldErrorsOf(r.error.issues);
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
    expect(fieldErrorsOf([{ path: ["somethingElse"], message: "nope" }])).toEqual({ form: "Nope." });
  });
});
