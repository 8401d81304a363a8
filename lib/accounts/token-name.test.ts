import { describe, expect, it } from "vitest";
import { defaultTokenName, describeUserAgent, tokenNameSchema } from "./token-name";

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Edge on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0", "Firefox on macOS"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    ["curl/8.5.0", "curl"],
    ["node", "node"],
    ["python-requests/2.32.3", "python-requests"],
    ["", null],
    [null, null],
    ["Mozilla/5.0 (X11; Linux x86_64)", "Linux"],
  ])("%j → %j", (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
});

describe("defaultTokenName", () => {
  it("names the client, or says it was an API sign-in", () => {
    expect(defaultTokenName("curl/8.5.0")).toBe("Sign-in from curl");
    expect(defaultTokenName(undefined)).toBe("API sign-in");
    expect(defaultTokenName("x".repeat(500)).length).toBeLessThanOrEqual(60);
  });
});

describe("tokenNameSchema", () => {
  it("trims, and refuses empty, long and control-character names", () => {
    expect(tokenNameSchema.parse("  Storefront ")).toBe("Storefront");
    expect(tokenNameSchema.safeParse("   ").error?.issues[0]?.message).toBe("Give the token a name, e.g. “Storefront”.");
    expect(tokenNameSchema.safeParse("x".repeat(61)).success).toBe(false);
    expect(tokenNameSchema.safeParse("a\nb").success).toBe(false);
  });
});
