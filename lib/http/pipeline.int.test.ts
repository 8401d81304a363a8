// The route pipeline against a real database: who the caller is (bearer token or session cookie),
// the guards, input handling, and what every response carries.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { setLogSink } from "../log";
import { fixedClock } from "../clock";
import type { Database } from "../db";
import { setDeps } from "../deps";
import { DomainError } from "../errors";
import { testDatabases } from "../../test/db";
import { TEST_AUTH_SECRET, createUser, issueToken, revokedToken, sessionCookie, testDeps, type TestUser } from "../../test/fixtures";
import { setHttpConfig } from "./config";
import { json, withBrand, withPublic, withUser, type Caller, type RouteHandler } from "./index";

const call = (handler: RouteHandler, path: string, init: RequestInit = {}, params: Record<string, string | string[]> = {}) =>
  handler(new Request(`http://app.test${path}`, init), { params: Promise.resolve(params) });

const whoAmI = withUser({}, async ({ caller }) => json(caller));

describe.each(testDatabases())("lib/http pipeline on $name", ({ open }) => {
  let database: Database;
  const clock = fixedClock("2031-01-01T00:00:00.000Z");
  let shopper: TestUser;
  let brand: TestUser;

  beforeAll(async () => {
    database = await open();
    setDeps(testDeps(database, clock));
    setHttpConfig({ authSecret: TEST_AUTH_SECRET, allowedOrigins: ["https://shop.example.com"] });
    shopper = await createUser(database.db, { role: "shopper" });
    brand = await createUser(database.db, { role: "brand", brandName: "Pipeline Brand" });
  });
  afterAll(async () => {
    setDeps(undefined);
    setHttpConfig(undefined);
    await database?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  describe("the caller", () => {
    it("is the same user from a bearer token and from a session cookie", async () => {
      const token = await issueToken(database.db, brand.id, { now: clock() });
      const viaToken = (await (await call(whoAmI, "/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).json()) as Caller;
      const viaSession = (await (await call(whoAmI, "/api/v1/me", { headers: { cookie: await sessionCookie(brand) } })).json()) as Caller;
      const expected = {
        user: { id: brand.id, seq: brand.seq, email: brand.email, name: brand.name, role: "brand", emailVerified: true },
        brands: [brand.brand],
      };
      expect(viaToken).toEqual({ ...expected, via: "token", tokenId: expect.stringMatching(/^tok_/) });
      expect(viaSession).toEqual({ ...expected, via: "session" });
    });

    it("401 unauthorized with no credentials; 401 invalid_token for a revoked, expired or unknown token", async () => {
      const anon = await call(whoAmI, "/api/v1/me");
      expect(anon.status).toBe(401);
      expect(await anon.json()).toMatchObject({ code: "unauthorized" });
      const revoked = await revokedToken(database.db, shopper.id);
      const expired = await issueToken(database.db, shopper.id, { now: clock(), expiresAt: new Date(clock().getTime() - 1) });
      for (const token of [revoked, expired, `dsc_${"x".repeat(43)}`]) {
        const res = await call(whoAmI, "/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ code: "invalid_token" });
      }
    });

    it("a token expires by the deps clock", async () => {
      const token = await issueToken(database.db, shopper.id, { now: clock(), expiresAt: new Date("2031-01-01T00:01:00.000Z") });
      const auth = { headers: { authorization: `Bearer ${token}` } };
      expect((await call(whoAmI, "/x", auth)).status).toBe(200);
      clock.advance(60_000);
      expect((await call(whoAmI, "/x", auth)).status).toBe(401);
      clock.set("2031-01-01T00:00:00.000Z");
    });

    it("a bad bearer token is never rescued by a good cookie", async () => {
      const res = await call(whoAmI, "/x", {
        headers: { authorization: "Bearer nope", cookie: await sessionCookie(shopper) },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "invalid_token" });
    });

    it("a session of a deleted user, or one sealed with another secret, is no session", async () => {
      const ghost = await sessionCookie({ id: "usr_does_not_exist" });
      expect((await call(whoAmI, "/x", { headers: { cookie: ghost } })).status).toBe(401);
      setHttpConfig({ authSecret: "some-other-secret-0123456789abcdef", allowedOrigins: [] });
      try {
        expect((await call(whoAmI, "/x", { headers: { cookie: await sessionCookie(shopper) } })).status).toBe(401);
      } finally {
        setHttpConfig({ authSecret: TEST_AUTH_SECRET, allowedOrigins: ["https://shop.example.com"] });
      }
    });

    it("withPublic sees the caller, or null (also for an invalid token)", async () => {
      const route = withPublic({}, async ({ caller }) => json({ id: caller?.user.id ?? null }));
      expect(await (await call(route, "/x")).json()).toEqual({ id: null });
      expect(await (await call(route, "/x", { headers: { cookie: await sessionCookie(shopper) } })).json()).toEqual({ id: shopper.id });
      const bad = await call(route, "/x", { headers: { authorization: "Bearer nope", cookie: await sessionCookie(shopper) } });
      expect(bad.status).toBe(200);
      expect(await bad.json()).toEqual({ id: null });
    });
  });

  describe("withBrand", () => {
    const mine = withBrand({}, async ({ brand: b }) => json(b));
    it("hands a brand admin their brand", async () => {
      const res = await call(mine, "/x", { headers: { cookie: await sessionCookie(brand) } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(brand.brand);
    });
    it("403 forbidden for a shopper, 401 for nobody", async () => {
      const res = await call(mine, "/x", { headers: { authorization: `Bearer ${await issueToken(database.db, shopper.id, { now: clock() })}` } });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "forbidden" });
      expect((await call(mine, "/x")).status).toBe(401);
    });
  });

  describe("input", () => {
    const echo = withUser(
      { body: z.object({ n: z.number().int().positive() }), query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }) },
      async ({ body, query, params }) => json({ body, query, params }),
    );
    const post = async (body: string, path = "/x") =>
      call(echo, path, { method: "POST", headers: { "content-type": "application/json", cookie: await sessionCookie(shopper) }, body }, { id: "abc", rest: ["a", "b"] });

    it("hands the handler the validated body, query and params", async () => {
      const res = await post('{"n":3,"extra":true}', "/x?limit=5");
      expect(await res.json()).toEqual({ body: { n: 3 }, query: { limit: 5 }, params: { id: "abc", rest: "a/b" } });
    });
    it("422 with field paths, the query checked before the body", async () => {
      const res = await post('{"n":-1}', "/x?limit=500");
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "limit", message: expect.any(String) }] });
      const bodyOnly = await post('{"n":-1}');
      expect(bodyOnly.status).toBe(422);
      expect((await bodyOnly.json()).errors).toEqual([{ path: "n", message: expect.any(String) }]);
    });
    it("authenticates before it validates: an anonymous bad request is a 401", async () => {
      const res = await call(echo, "/x", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
      expect(res.status).toBe(401);
    });
    it("400 invalid_json and 413 payload_too_large", async () => {
      expect((await post("{nope")).status).toBe(400);
      expect((await post(JSON.stringify({ n: 1, pad: "x".repeat(16 * 1024) }))).status).toBe(413);
    });
  });

  describe("every response", () => {
    it("carries a fresh request id, no-store, and CORS for listed origins on /api/v1", async () => {
      const route = withPublic({}, async () => json({ ok: true }));
      const a = await call(route, "/api/v1/x", { headers: { origin: "https://shop.example.com" } });
      const b = await call(route, "/api/v1/x", { headers: { origin: "https://evil.example" } });
      expect(a.headers.get("x-request-id")).toMatch(/^req_/);
      expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
      expect(a.headers.get("cache-control")).toBe("no-store");
      expect(a.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
      expect(b.headers.get("access-control-allow-origin")).toBeNull();
      expect(b.headers.get("vary")).toBe("Origin");
    });

    it("keeps a handler's own status and headers", async () => {
      const route = withPublic({}, async () => json({ ok: true }, { status: 202, headers: { "cache-control": "max-age=60", "x-extra": "1" } }));
      const res = await call(route, "/x");
      expect(res.status).toBe(202);
      expect(res.headers.get("cache-control")).toBe("max-age=60");
      expect(res.headers.get("x-extra")).toBe("1");
    });

    it("an answer with immutable headers (a redirect) is copied, not refused", async () => {
      const route = withPublic({}, async () => Response.redirect("http://app.test/elsewhere", 303));
      const res = await call(route, "/api/v1/x", { headers: { origin: "https://shop.example.com" } });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("http://app.test/elsewhere");
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
      expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    });

    it("turns a DomainError into its problem, with the same request id", async () => {
      const route = withPublic({}, async () => {
        throw new DomainError("not_found", "No such code.");
      });
      const res = await call(route, "/x");
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found", detail: "No such code." });
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    });

    it("turns anything else into a bare 500 and logs it with the request id", async () => {
      const lines: string[] = [];
      const restore = setLogSink({ write: (line: string) => lines.push(line) }, { level: "info" });
      const route = withPublic({}, async () => {
        throw new TypeError("secret internals: connection string postgres://u:p@h");
      });
      const res = await call(route, "/x");
      const id = res.headers.get("x-request-id")!;
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(body).not.toContain("secret internals");
      expect(JSON.parse(body)).toMatchObject({ code: "internal", status: 500, detail: expect.stringContaining(id) });
      restore();
      // Logged once, as JSON with the request id and the error's class — never its text's secrets.
      const logged = lines.map((l) => JSON.parse(l) as { requestId?: string; err?: { type?: string } }).filter((l) => l.requestId === id && l.err);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged[0]!.err!.type).toBe("TypeError");
      expect(lines.join("\n")).not.toContain("u:p@h");
    });
  });
});
