import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, servedOverHttps } from "./security-headers";

describe("the page CSP", () => {
  it("allows only this request's nonce (and what it loads) to run scripts; no framing", () => {
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy(nonce, { https: true })).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy(nonce, { dev: true })).toContain("'unsafe-eval'");
  });

  it("uses a fresh 128-bit nonce every time", () => {
    const seen = new Set(Array.from({ length: 200 }, newNonce));
    expect(seen.size).toBe(200);
    for (const n of seen) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("servedOverHttps", () => {
  it.each([
    [{ "x-forwarded-proto": "https" }, "http://localhost:3000", true],
    [{ "x-forwarded-proto": "https,http" }, undefined, true],
    [{ "x-forwarded-proto": "http" }, "http://localhost:3000", false],
    [{}, "https://discounts.example.com", true],
    [{}, "http://localhost:3000", false],
  ])("%o with APP_URL %s → %s", (headers, appUrl, expected) => {
    expect(servedOverHttps(new Headers(headers), appUrl)).toBe(expected);
  });
});

describe("next.config headers()", () => {
  it("sends nosniff, DENY framing and the referrer policy everywhere; HSTS only behind https", async () => {
    type Header = { key: string; value: string };
    type Rule = { source: string; has?: unknown; headers: Header[] };
    const configPath: string = "../../next.config.mjs"; // plain ESM without types
    const { default: nextConfig, securityHeaders } = (await import(configPath)) as {
      default: { headers(): Promise<Rule[]> };
      securityHeaders: Header[];
    };
    const rules = await nextConfig.headers();
    const everywhere = rules.find((r) => r.source === "/:path*" && !r.has);
    expect(everywhere?.headers).toEqual(securityHeaders);
    expect(Object.fromEntries(securityHeaders.map((h) => [h.key, h.value]))).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    const hsts = rules.find((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts?.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https.*" }]);
  });
});
