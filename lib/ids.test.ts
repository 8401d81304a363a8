import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("prefixes the kind and is 30 characters of Crockford base32 after it", () => {
    const id = newId("user");
    expect(id).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("sorts by creation time", () => {
    const a = newId("usage", 1_700_000_000_000);
    const b = newId("usage", 1_700_000_000_001);
    const c = newId("usage", 1_800_000_000_000);
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("token", 0)));
    expect(ids.size).toBe(10_000);
  });
});
