import { describe, expect, it } from "vitest";
import { normalizeTypedCode, refusalFor } from "./refusals";

describe("refusalFor", () => {
  it.each([
    ["not_found", /couldn’t find “NOPE”/],
    ["expired", /ended on 1 Jan 2026/],
    ["not_yet_valid", /starts on 1 Feb 2026/],
    ["already_used", /once per shopper/],
    ["rate_limited", /^Try again in 30 seconds\./],
    ["validation_failed", /3–32 letters/],
    ["unavailable", /cart is unchanged/],
    ["unauthorized", /Sign in again/],
  ])("%s has its own message", (code, detail) => {
    const r = refusalFor(code, { code: "NOPE", validFrom: "1 Feb 2026", validUntil: "1 Jan 2026", retryAfter: 30 });
    expect(r.code).toBe(code);
    expect(r.detail).toMatch(detail);
  });

  it.each([
    ["exhausted", /used as many times as its brand allows/],
    ["minimum_not_met", /needs €50\.00 of Acme items — add €12\.50 more/],
    ["not_eligible", /earlier orders with Acme/],
    ["no_eligible_items", /only lowers the price of Acme products/],
    ["deactivated", /ended “NOPE” early/],
    ["hold_expired", /Apply it again/],
    ["currency_mismatch", /another currency/],
  ])("part 2: %s says what to do", (code, detail) => {
    const r = refusalFor(code, { code: "NOPE", brandName: "Acme", minimum: "€50.00", missing: "€12.50" });
    expect(r.code).toBe(code);
    expect(r.detail).toMatch(detail);
  });

  it("falls back for anything unknown", () => {
    expect(refusalFor("teapot").code).toBe("internal");
  });
});

it("normalises a typed code like the API", () => {
  expect(normalizeTypedCode("  welcome10 ")).toEqual({ code: "WELCOME10", valid: true });
  expect(normalizeTypedCode("ab").valid).toBe(false);
  expect(normalizeTypedCode("no spaces").valid).toBe(false);
});
