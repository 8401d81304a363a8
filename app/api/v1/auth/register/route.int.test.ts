// POST /api/v1/auth/register over real HTTP, on PGlite and PostgreSQL (API.md "Accounts and tokens").
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db";
import { brandMembers, brands, users } from "@/lib/db/schema";
import { testDatabases } from "@/test/db";
import { testDeps } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

describe.each(testDatabases())("POST /api/v1/auth/register on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const register = (body: unknown, path = "/api/v1/auth/register") =>
    fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("creates a shopper: 201 { user }, email trimmed and lower-cased, password stored as argon2id", async () => {
    const res = await register({ email: "  Ann.Shopper@Example.COM ", password: "s3cret-pass", name: " Ann ", role: "shopper" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
    const body = await res.json();
    expect(body).toEqual({ user: { id: expect.stringMatching(/^usr_/), email: "ann.shopper@example.com", name: "Ann", role: "shopper", emailVerified: false } });
    const [row] = await database.db.select().from(users).where(eq(users.id, body.user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash!, "s3cret-pass")).toBe(true);
  });

  it("creates a brand account with its brand, the user as its admin; slug collisions get a suffix", async () => {
    const first = await register({ email: "a@acme.test", password: "password1", name: "Ada", role: "brand", brandName: "Acme Outfitters" });
    const second = await register({ email: "b@acme.test", password: "password1", name: "Bo", role: "brand", brandName: "ACME outfitters!" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const a = (await first.json()).user;
    const b = (await second.json()).user;
    expect(a).toEqual({ id: expect.any(String), email: "a@acme.test", name: "Ada", role: "brand", emailVerified: false, brand: { id: expect.stringMatching(/^brd_/), name: "Acme Outfitters" } });
    expect(b.brand.name).toBe("ACME outfitters!");
    const slugs = await database.db.select({ id: brands.id, slug: brands.slug }).from(brands);
    expect(slugs.find((s) => s.id === a.brand.id)!.slug).toBe("acme-outfitters");
    expect(slugs.find((s) => s.id === b.brand.id)!.slug).toBe("acme-outfitters-2");
    const members = await database.db.select().from(brandMembers).where(eq(brandMembers.userId, a.id));
    expect(members).toEqual([expect.objectContaining({ brandId: a.brand.id, role: "admin" })]);
  });

  it("answers with and without a trailing slash", async () => {
    expect((await register({ email: "slash@example.test", password: "password1", name: "S", role: "shopper" }, "/api/v1/auth/register/")).status).toBe(201);
  });

  it("409 email_taken for a registered email, whatever its case", async () => {
    await register({ email: "taken@example.test", password: "password1", name: "T", role: "shopper" });
    const res = await register({ email: "TAKEN@example.test ", password: "password2", name: "T2", role: "brand", brandName: "Taken Co" });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 409, code: "email_taken", title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
    // Nothing half-created: no brand named "Taken Co".
    expect(await database.db.select().from(brands).where(eq(brands.name, "Taken Co"))).toEqual([]);
  });

  it("two concurrent sign-ups with one email: one 201, one 409, never a 500", async () => {
    const body = { email: "race@example.test", password: "password1", name: "R", role: "shopper" };
    const statuses = (await Promise.all([register(body), register(body), register(body)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
  });

  it.each([
    ["a short password", { email: "x@example.test", password: "short", name: "X", role: "shopper" }, ["password"]],
    ["a bad email", { email: "not-an-email", password: "password1", name: "X", role: "shopper" }, ["email"]],
    ["a brand without brandName", { email: "x@example.test", password: "password1", name: "X", role: "brand" }, ["brandName"]],
    ["a shopper with brandName", { email: "x@example.test", password: "password1", name: "X", role: "shopper", brandName: "Nope" }, ["brandName"]],
    ["an unknown role", { email: "x@example.test", password: "password1", name: "X", role: "admin" }, ["role"]],
    ["an empty body", {}, ["email", "password", "name", "role"]],
    ["a JSON array", [], ["(root)"]],
  ])("422 validation_failed with field paths for %s", async (_what, body, paths) => {
    const res = await register(body);
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "validation_failed", status: 422 });
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
    for (const e of problem.errors) expect(e.message).toEqual(expect.any(String));
  });

  it("400 invalid_json, 413 payload_too_large, 415 for a form body", async () => {
    const url = server.url + "/api/v1/auth/register";
    const bad = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"email":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "invalid_json" });
    const big = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "big@example.test", password: "password1", name: "x".repeat(17 * 1024), role: "shopper" }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "payload_too_large" });
    const form = await fetch(url, { method: "POST", body: new URLSearchParams({ email: "f@example.test" }) });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ code: "unsupported_media_type" });
  });

  it("405 for a method the route does not have", async () => {
    const res = await fetch(server.url + "/api/v1/auth/register", { method: "GET" });
    expect(res.status).toBe(405);
  });
});
