// The batch code generator: shape, alphabet, distinctness, rejection sampling (no modulo bias).
import { describe, expect, it } from "vitest";
import { createBatchBodySchema } from "./batch-schemas";
import { CODE_ALPHABET, generateCodes, isBatchCode, RANDOM_LENGTH, type RandomSource } from "./batches";

describe("generateCodes", () => {
  it("PREFIX-XXXXXXXX from an alphabet without 0 O 1 I L, all distinct", () => {
    expect(CODE_ALPHABET).toHaveLength(31);
    expect(CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    const codes = generateCodes("SALE", { count: 20_000 });
    expect(new Set(codes).size).toBe(20_000);
    expect(codes.every((c) => isBatchCode("SALE", c))).toBe(true);
    expect(codes.every((c) => c.length === "SALE-".length + RANDOM_LENGTH)).toBe(true);
  });

  it("rejects bytes ≥ 248 (8 × 31) instead of folding them: every character equally likely", () => {
    // 248..255 are skipped; 0 → '2', 30 → 'Z', 31 → '2' again.
    const bytes = [255, 248, 0, 250, 30, 31, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const source: RandomSource = (n) => Uint8Array.from({ length: n }, (_, i) => bytes[i] ?? i % 31);
    const [code] = generateCodes("AB", { count: 1, random: source });
    expect(code).toBe(`AB-2Z234567`);
  });

  it("skips codes it must avoid and codes it already made, drawing more bytes", () => {
    let calls = 0;
    const source: RandomSource = (n) => {
      calls++;
      return Uint8Array.from({ length: n }, (_, i) => (calls === 1 ? 0 : (i * 13 + calls) % 248));
    };
    const codes = generateCodes("AB", { count: 3, random: source, avoid: new Set(["AB-22222222"]) });
    expect(codes).toHaveLength(3);
    expect(codes).not.toContain("AB-22222222");
    expect(new Set(codes).size).toBe(3);
  });

  it("gives up on a source that only repeats itself", () => {
    expect(() => generateCodes("AB", { count: 2, random: (n) => new Uint8Array(n) })).toThrow(/repeating/);
  });

  it("is spread evenly over the alphabet", () => {
    const counts = new Map<string, number>();
    for (const c of generateCodes("X", { count: 10_000 })) for (const ch of c.slice(2)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(31);
    const expected = (10_000 * 8) / 31;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });
});

describe("createBatchBodySchema", () => {
  const ok = { prefix: " xmas26 ", count: 500, discount: 10, validUntil: "2027-01-01T00:00:00Z" };
  it("upper-cases and trims the prefix; maxRedemptions defaults to 1", () => {
    expect(createBatchBodySchema.parse(ok)).toMatchObject({ prefix: "XMAS26", count: 500, maxRedemptions: 1 });
    expect(createBatchBodySchema.parse({ ...ok, maxRedemptions: null }).maxRedemptions).toBeNull();
  });
  it.each([
    ["prefix", { prefix: "A" }],
    ["prefix", { prefix: "ABCDEFGHIJKLM" }],
    ["prefix", { prefix: "AB-C" }],
    ["count", { count: 0 }],
    ["count", { count: 100_001 }],
    ["count", { count: 1.5 }],
    ["maxRedemptions", { maxRedemptions: 0 }],
    ["validUntil", { validUntil: "tomorrow" }],
  ])("refuses a bad %s", (path, patch) => {
    const r = createBatchBodySchema.safeParse({ ...ok, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(path);
  });
});
