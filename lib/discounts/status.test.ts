import { describe, expect, it } from "vitest";
import { codeStatus } from "./status";

describe("codeStatus", () => {
  const window = { validFrom: new Date("2026-03-01T00:00:00Z"), validUntil: new Date("2026-04-01T00:00:00Z") };
  it.each([
    ["2026-02-28T23:59:59.999Z", "scheduled"],
    ["2026-03-01T00:00:00.000Z", "active"], // starts inclusive
    ["2026-03-15T12:00:00.000Z", "active"],
    ["2026-03-31T23:59:59.999Z", "active"],
    ["2026-04-01T00:00:00.000Z", "expired"], // ends exclusive
    ["2030-01-01T00:00:00.000Z", "expired"],
  ])("at %s it is %s", (at, status) => {
    expect(codeStatus(window, new Date(at))).toBe(status);
  });
});
