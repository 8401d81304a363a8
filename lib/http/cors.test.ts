import { describe, expect, it } from "vitest";
import { corsHeaders, isPreflight, preflightResponse } from "./cors";

const allowed = ["https://shop.example.com"];
const preflight = (origin: string) =>
  new Request("http://api.test/api/v1/discountcodeusage", {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
  });

describe("CORS", () => {
  it("answers a preflight from a listed origin with the allowed methods and headers", () => {
    const res = preflightResponse(preflight("https://shop.example.com"), { allowed, requestId: "req_1" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(res.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type, Idempotency-Key");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("x-request-id")).toBe("req_1");
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("gives an unlisted origin no allow-* headers", () => {
    const res = preflightResponse(preflight("https://evil.example"), { allowed, requestId: "req_2" });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-methods")).toBeNull();
  });

  it("adds allow-origin to actual responses for listed origins only", () => {
    expect(corsHeaders("https://shop.example.com", allowed)).toMatchObject({
      "access-control-allow-origin": "https://shop.example.com",
      "access-control-expose-headers": "x-request-id, retry-after, idempotent-replayed",
    });
    expect(corsHeaders("https://evil.example", allowed)).toEqual({ vary: "Origin" });
    expect(corsHeaders(null, allowed)).toEqual({ vary: "Origin" });
    expect(corsHeaders("https://any.example", ["*"])["access-control-allow-origin"]).toBe("https://any.example");
  });

  it("tells a preflight from a plain OPTIONS", () => {
    expect(isPreflight(preflight("https://x.example"))).toBe(true);
    expect(isPreflight(new Request("http://api.test/", { method: "OPTIONS" }))).toBe(false);
  });
});
