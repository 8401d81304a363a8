// Logs that help and never leak (issue 9, item 6). Everything the process logs while a scenario
// runs is captured — lib/log's lines and any console output — and grepped for the run's secrets:
// passwords, the API token and its SHA-256, the argon2 hash, the emails, the code string. The
// scenario includes failed queries whose bound parameters carry those secrets (a unique violation
// and an undefined column), a junk session cookie, and ordinary requests.
import { createHash, randomBytes } from "node:crypto";
import { format } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { setLogSink } from "@/lib/log";
import { testDatabases } from "./db";
import { testDeps } from "./fixtures";
import { startTestServer, type TestServer } from "./http";

describe.each(testDatabases())("logs on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  const captured: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
    const sink = { write: (line: string) => void captured.push(line) };
    restore = setLogSink(sink, { level: "debug" });
    for (const m of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void captured.push(`console.${m} ${format(...args)}\n`));
    }
  });
  afterAll(async () => {
    restore?.();
    vi.restoreAllMocks();
    await server?.close();
    await database?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("logs every request as JSON and none of the run's secrets", async () => {
    const run = randomBytes(4).toString("hex");
    const brandEmail = `brand-${run}@leak.example`;
    const shopperEmail = `shopper-${run}@leak.example`;
    const brandPassword = `brand-pass-${run}-Zq9`;
    const shopperPassword = `shopper-pass-${run}-Xw7`;
    const codeString = `LEAK${run.toUpperCase()}`;

    // Register (passwords, emails) and verify the brand (verification links are another test's).
    const brandRes = await post("/api/v1/auth/register", { email: brandEmail, password: brandPassword, name: "Leak Brand", role: "brand", brandName: `Leak ${run}` });
    expect(brandRes.status).toBe(201);
    expect((await post("/api/v1/auth/register", { email: shopperEmail, password: shopperPassword, name: "Leak Shopper", role: "shopper" })).status).toBe(201);
    await database.db.update(users).set({ emailVerified: new Date() }).where(eq(users.email, brandEmail));
    const [{ passwordHash } = { passwordHash: null }] = await database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, brandEmail));
    expect(passwordHash).toMatch(/^\$argon2id\$/);

    // Tokens (the token, its SHA-256).
    const brandToken = ((await (await post("/api/v1/auth/token", { email: brandEmail, password: brandPassword })).json()) as { token: string }).token;
    const shopperIssue = await post("/api/v1/auth/token", { email: shopperEmail, password: shopperPassword });
    const shopper = (await shopperIssue.json()) as { token: string; user: { id: string } };
    expect(brandToken).toMatch(/^dsc_/);

    // A code, redeemed once, then again (409).
    const validUntil = new Date(Date.now() + 86_400_000).toISOString();
    expect((await post("/api/v1/discountcode", { code: codeString, discount: 10, validUntil }, { authorization: `Bearer ${brandToken}` })).status).toBe(201);
    const redeem = () => post("/api/v1/discountcodeusage", { code: codeString, userId: shopper.user.id, amount: 10_000, currency: "EUR" }, { authorization: `Bearer ${shopper.token}` });
    expect((await redeem()).status).toBe(201);
    expect((await redeem()).status).toBe(409);
    expect((await fetch(`${server.url}/api/v1/discountcode/${encodeURIComponent(codeString)}`, { headers: { authorization: `Bearer ${brandToken}` } })).status).toBeLessThan(500);

    // The same email again (409), and a wrong password (401).
    expect((await post("/api/v1/auth/register", { email: brandEmail, password: brandPassword, name: "Again", role: "shopper" })).status).toBe(409);
    expect((await post("/api/v1/auth/token", { email: brandEmail, password: `${brandPassword}-wrong` })).status).toBe(401);

    // A unique violation no ON CONFLICT covers, with the email and the argon2 hash as bound parameters.
    await database.db.execute(sql.raw(`create unique index leak_test_users_name on users (name)`));
    const clash = await post("/api/v1/auth/register", { email: `clash-${shopperEmail}`, password: shopperPassword, name: "Leak Shopper", role: "shopper" });
    expect(clash.status).toBeGreaterThanOrEqual(500);
    await database.db.execute(sql.raw(`drop index leak_test_users_name`));

    // A failed query (undefined column) whose bound parameter is the token's SHA-256: a token never
    // used yet, so it is looked up (a used one is cached in process: lib/accounts/token-cache.ts).
    const fresh = ((await (await post("/api/v1/auth/token", { email: shopperEmail, password: shopperPassword })).json()) as { token: string }).token;
    await database.db.execute(sql.raw(`alter table api_tokens rename column token_hash to token_hash_gone`));
    const broken = await fetch(`${server.url}/api/v1/notifications/settings`, { headers: { authorization: `Bearer ${fresh}` } });
    expect(broken.status).toBeGreaterThanOrEqual(500);
    await database.db.execute(sql.raw(`alter table api_tokens rename column token_hash_gone to token_hash`));

    // A junk session cookie: refused quietly, on the API and on next-auth's own route.
    const junk = { cookie: `authjs.session-token=${randomBytes(40).toString("base64url")}` };
    expect((await fetch(`${server.url}/api/v1/notifications/settings`, { headers: junk })).status).toBe(401);
    expect(await (await fetch(`${server.url}/api/auth/session`, { headers: junk })).json()).toBeNull();

    const output = captured.join("");
    if (process.env.SHOW_LOGS) process.stderr.write(output);
    const secrets = {
      brandPassword,
      shopperPassword,
      brandToken,
      shopperToken: shopper.token,
      brandTokenSha256: createHash("sha256").update(brandToken).digest("hex"),
      shopperTokenSha256: createHash("sha256").update(shopper.token).digest("hex"),
      freshToken: fresh,
      freshTokenSha256: createHash("sha256").update(fresh).digest("hex"),
      argon2Hash: passwordHash!,
      argon2HashTail: passwordHash!.split("$").pop()!,
      brandEmail,
      shopperEmail,
      codeString,
      codeStringLower: codeString.toLowerCase(),
    };
    const found = Object.entries(secrets).filter(([, v]) => output.toLowerCase().includes(v.toLowerCase()));
    expect(found.map(([k]) => k), output).toEqual([]);

    // Every line is JSON; every request has its line with id, route, method, status and duration.
    const lines = output.trim().split("\n");
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return { unparsed: l };
      }
    });
    expect(parsed.filter((l) => "unparsed" in l)).toEqual([]);
    const requests = parsed.filter((l) => l.msg === "request");
    expect(requests.length).toBe(14);
    for (const r of requests) {
      expect(r).toMatchObject({ requestId: expect.stringMatching(/^req_/), method: expect.any(String), route: expect.stringMatching(/^\/api\//), status: expect.any(Number), durationMs: expect.any(Number) });
      expect(r.level).toBe(r.status as number >= 500 ? "error" : (r.status as number) >= 400 ? "warn" : "info");
    }
    expect(requests.map((r) => r.route)).toContain("/api/v1/discountcode/[id]");
    // Failed queries are described by SQL state and constraint.
    expect(output).toContain("23505");
    expect(output).toContain("leak_test_users_name");
    expect(output).toContain("42703");
    // The junk cookie: debug lines, no stack trace anywhere.
    expect(parsed.some((l) => l.level === "debug" && l.msg === "session cookie rejected")).toBe(true);
    expect(output).not.toMatch(/\n\s+at [\w.<>]+ \(/);
  });
});
