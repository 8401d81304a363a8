import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateApiToken, hashApiToken, isApiTokenShaped } from "./api-token";

describe("API tokens", () => {
  it("are dsc_ + 32 random bytes in base64url, with their SHA-256 and a visible prefix", () => {
    const t = generateApiToken();
    expect(t.token).toMatch(/^dsc_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t.token.slice(4), "base64url")).toHaveLength(32);
    expect(t.hash).toBe(createHash("sha256").update(t.token).digest("hex"));
    expect(t.prefix).toBe(t.token.slice(0, 10));
    expect(isApiTokenShaped(t.token)).toBe(true);
  });

  it("never repeat", () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateApiToken().token));
    expect(seen.size).toBe(1000);
  });

  it("reject anything of another shape without hashing it", () => {
    for (const s of ["", "dsc_", "dsc_short", `tok_${"a".repeat(43)}`, `dsc_${"a".repeat(42)}!`, `dsc_${"a".repeat(44)}`]) {
      expect(isApiTokenShaped(s)).toBe(false);
    }
    expect(hashApiToken("x")).toHaveLength(64);
  });
});
