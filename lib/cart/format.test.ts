import { expect, it } from "vitest";
import { formatDate, formatMoney } from "./format";

it("formats minor units in the currency's own precision", () => {
  expect(formatMoney(2900, { currency: "EUR" })).toBe("€29.00");
  expect(formatMoney(4599, { currency: "EUR" })).toBe("€45.99");
  expect(formatMoney(1500, { currency: "JPY" })).toContain("1,500");
  expect(formatMoney(123456, { currency: "USD", locale: "en-US" })).toBe("$1,234.56");
});

it("formats dates in a given time zone", () => {
  expect(formatDate("2026-03-12T23:30:00Z", { timeZone: "UTC" })).toBe("12 Mar 2026");
  expect(formatDate("2026-03-12T23:30:00Z", { timeZone: "Europe/Berlin" })).toBe("13 Mar 2026");
  expect(formatDate("nope")).toBe("");
});

it("formats relative times in the largest whole unit", async () => {
  const { formatRelative } = await import("./format");
  const now = new Date("2026-03-12T12:00:00Z");
  expect(formatRelative("2026-03-15T12:00:00Z", { now })).toBe("in 3 days");
  expect(formatRelative("2025-10-01T00:00:00Z", { now })).toBe("5 months ago");
  expect(formatRelative("2026-03-12T12:00:30Z", { now })).toBe("now");
  expect(formatRelative("2026-03-13T12:00:00Z", { now })).toBe("tomorrow");
});
