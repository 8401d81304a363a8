// /api/v1/auth/token over real HTTP: issue, introspect, expire (controlled clock), revoke; the same
// 401 for an unknown email and a wrong password; bearer and session resolve to the same user.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";
import { hashApiToken } from "@/lib/auth/api-token";
import { testDatabases } from "@/test/db";
import { createUser, sessionCookie, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("/api/v1/auth/token on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  const clock = fixedClock("2030-03-01T12:00:00.000Z");
  let brand: TestUser;
  let shopper: TestUser;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database, clock));
    brand = await createUser(database.db, { role: "brand", brandName: "Token Brand", email: "Brand.Admin@Token.test" });
    shopper = await createUser(database.db, { role: "shopper" });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const issue = (email: string, password: string) =>
    fetch(`${server.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  const introspect = (headers: Record<string, string> = {}, path = "/api/v1/auth/token") => fetch(server.url + path, { headers });
  const revoke = (headers: Record<string, string>) => fetch(`${server.url}/api/v1/auth/token/`, { method: "DELETE", headers });

  it("issues, introspects, expires after 30 days, and is stored only as its hash", async () => {
    clock.set("2030-03-01T12:00:00.000Z");
    const res = await issue("  brand.admin@TOKEN.test", brand.password);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({
      token: expect.stringMatching(/^dsc_[A-Za-z0-9_-]{43}$/),
      tokenType: "Bearer",
      expiresAt: "2030-03-31T12:00:00.000Z",
      user: { id: brand.id, email: "brand.admin@token.test", name: brand.name, role: "brand", emailVerified: true, brand: brand.brand },
    });

    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(body.token)));
    expect(row).toMatchObject({ userId: brand.id, prefix: body.token.slice(0, 10) });
    expect(JSON.stringify(row)).not.toContain(body.token);

    const auth = { authorization: `Bearer ${body.token}` };
    const live = await introspect(auth);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ active: true, expiresAt: "2030-03-31T12:00:00.000Z", user: body.user });
    expect((await introspect(auth, "/api/v1/auth/token/")).status).toBe(200);

    clock.advance(30 * DAY - 1);
    expect((await introspect(auth)).status).toBe(200);
    clock.advance(1);
    const expired = await introspect(auth);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("content-type")).toBe("application/problem+json");
    expect(expired.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await expired.json()).toEqual({
      active: false,
      type: expect.any(String),
      title: expect.any(String),
      status: 401,
      detail: "The bearer token has expired.",
      code: "invalid_token",
    });
    // An expired token authenticates nothing: DELETE refuses it too.
    expect((await revoke(auth)).status).toBe(401);
  });

  it("revokes: DELETE → 204, then the token is inactive and cannot be revoked again", async () => {
    clock.set("2030-04-01T00:00:00.000Z");
    const { token } = await (await issue(shopper.email, shopper.password)).json();
    const auth = { authorization: `Bearer ${token}` };
    const res = await revoke(auth);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const after = await introspect(auth);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ active: false, code: "invalid_token", detail: "The bearer token has been revoked." });
    expect((await revoke(auth)).status).toBe(401);
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token)));
    expect(row!.revokedAt?.toISOString()).toBe("2030-04-01T00:00:00.000Z");
  });

  it("revoking one token leaves the user's other tokens alive", async () => {
    clock.set("2030-04-02T00:00:00.000Z");
    const a = (await (await issue(shopper.email, shopper.password)).json()).token;
    const b = (await (await issue(shopper.email, shopper.password)).json()).token;
    expect((await revoke({ authorization: `Bearer ${a}` })).status).toBe(204);
    expect((await introspect({ authorization: `Bearer ${b}` })).status).toBe(200);
  });

  it("the same 401 invalid_credentials for an unknown email and a wrong password", async () => {
    const unknown = await issue("nobody@token.test", brand.password);
    const wrong = await issue(brand.email, "wrong-password");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const a = await unknown.json();
    const b = await wrong.json();
    expect(a).toEqual(b);
    expect(a).toMatchObject({ code: "invalid_credentials", status: 401 });
  });

  it("422 for a malformed token request", async () => {
    const res = await fetch(`${server.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "x" }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("names the token: the given name, else the client that signed in; a bad name is a 422", async () => {
    const post = (body: object, userAgent?: string) =>
      fetch(`${server.url}/api/v1/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(userAgent ? { "user-agent": userAgent } : {}) },
        body: JSON.stringify({ email: shopper.email, password: shopper.password, ...body }),
      });
    const nameOf = async (res: Response) => {
      expect(res.status).toBe(201);
      const [row] = await database.db.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken((await res.json()).token)));
      return row?.name;
    };
    expect(await nameOf(await post({ name: "  Storefront  " }))).toBe("Storefront");
    expect(await nameOf(await post({}, "curl/8.5.0"))).toBe("Sign-in from curl");
    expect(await nameOf(await post({}, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0"))).toBe("Sign-in from Firefox on macOS");
    for (const name of ["", "   ", "x".repeat(61), "two\nlines", 42]) {
      const res = await post({ name });
      expect(res.status, JSON.stringify(name)).toBe(422);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toEqual(["name"]);
    }
  });

  it.each([
    ["no Authorization header", {}, "unauthorized"],
    ["a token that was never issued", { authorization: `Bearer dsc_${"A".repeat(43)}` }, "invalid_token"],
    ["garbage", { authorization: "Bearer hello" }, "invalid_token"],
    ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }, "invalid_token"],
  ])("introspection with %s → 401 { active: false }", async (_what, headers, code) => {
    const res = await introspect(headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ active: false, status: 401, code });
  });

  it("a session cookie is not a token: introspection and revocation want the bearer token", async () => {
    const cookie = await sessionCookie(shopper);
    const res = await introspect({ cookie });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ active: false, code: "unauthorized" });
    expect((await revoke({ cookie })).status).toBe(401);
  });

  it("an invalid bearer token is a 401 even with a valid session cookie (no fallback)", async () => {
    const cookie = await sessionCookie(shopper);
    const res = await revoke({ cookie, authorization: `Bearer dsc_${"B".repeat(43)}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "invalid_token" });
  });
});
