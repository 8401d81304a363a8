import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import { canonicalJson, hashRequest, idempotencyKeyOf } from "./idempotency";

const req = (path: string, method = "POST", key?: string) =>
  new Request(`http://localhost${path}`, { method, headers: key === undefined ? {} : { "idempotency-key": key } });

describe("idempotency keys", () => {
  it("reads the header; absent is undefined", () => {
    expect(idempotencyKeyOf(req("/x"))).toBeUndefined();
    expect(idempotencyKeyOf(req("/x", "POST", "order-123:retry"))).toBe("order-123:retry");
    expect(idempotencyKeyOf(req("/x", "POST", "k".repeat(255)))).toHaveLength(255);
  });

  it.each([["k".repeat(256)], ["\u00e9t\u00e9"], [""], ["a\tb"]])("refuses %j with 422", (key) => {
    const headers = new Headers();
    headers.set("idempotency-key", key);
    const r = new Request("http://localhost/x", { method: "POST", headers });
    expect(() => idempotencyKeyOf(r)).toThrow(DomainError);
  });

  it("canonical JSON sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(new Date("2030-01-01T00:00:00Z"))).toBe('"2030-01-01T00:00:00.000Z"');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("a request's hash depends on method, path (not its trailing slash) and body, not key order", () => {
    const h = (path: string, body: unknown, method = "POST") => hashRequest(req(path, method), body);
    expect(h("/api/v1/discountcodeusage/", { a: 1, b: 2 })).toBe(h("/api/v1/discountcodeusage", { b: 2, a: 1 }));
    expect(h("/api/v1/discountcodeusage", { a: 1 })).not.toBe(h("/api/v1/discountcodeusage", { a: 2 }));
    expect(h("/api/v1/discountcodeusage", { a: 1 })).not.toBe(h("/api/v1/discountcode", { a: 1 }));
    expect(h("/api/v1/x", { a: 1 })).not.toBe(h("/api/v1/x", { a: 1 }, "PUT"));
  });
});
