import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { codeIdFromRef, codeIdOf, isValidCode, looksLikeCodeId, normalizeCode } from "./code";

describe("codes", () => {
  it("trims and upper-cases, so spellings of one code are the same code", () => {
    expect(normalizeCode("  springsale2026 ")).toBe("SPRINGSALE2026");
    expect(codeIdOf(normalizeCode("springsale2026"))).toBe(codeIdOf("SPRINGSALE2026"));
  });

  it.each([
    ["ABC", true],
    ["A".repeat(32), true],
    ["WINTER-25_X", true],
    ["AB", false],
    ["A".repeat(33), false],
    ["SPRING SALE", false],
    ["ÉTÉ2026", false],
    ["", false],
  ])("%s valid: %s", (code, valid) => {
    expect(isValidCode(normalizeCode(code))).toBe(valid);
  });

  it("ids are the lowercase hex SHA-256 of the normalised string", () => {
    const expected = createHash("sha256").update("SPRINGSALE2026").digest("hex");
    expect(codeIdOf("SPRINGSALE2026")).toBe(expected);
    expect(looksLikeCodeId(expected)).toBe(true);
    expect(looksLikeCodeId("SPRINGSALE2026")).toBe(false);
  });
});

describe("codeIdFromRef", () => {
  const id = codeIdOf("SPRINGSALE2026");
  it.each([
    ["SPRINGSALE2026", id],
    [" springsale2026 ", id],
    [id, id],
    [id.toUpperCase(), id],
    ["no spaces inside", null],
    ["ab", null],
    ["x".repeat(63), null],
    ["%2e%2e", null],
  ])("%s → %s", (ref, expected) => {
    expect(codeIdFromRef(ref)).toBe(expected);
  });
});
