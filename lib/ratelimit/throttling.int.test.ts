// Throttling over real HTTP into the real routes, with the production limits (lib/ratelimit/
// limits.ts) on the database limiter, on PGlite and PostgreSQL; and the local mailbox's access
// rules (closed to anonymous callers, each caller's own mail, off on DATABASE_URL by default).
// Each test sends its own X-Forwarded-For, so per-IP budgets never mix between tests.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { brandMembers } from "@/lib/db/schema";
import { checkCredentialsLimited } from "@/lib/accounts/check-credentials";
import { argon2Passwords } from "@/lib/auth/password";
import { createMailboxMailer, mailboxEnabled, setMailboxEnabled } from "@/lib/mail/mailbox";
import { testDatabases } from "@/test/db";
import { createUser, issueToken, sessionCookie, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";
import { createDatabaseLimiter, LIMITS, type RateLimiter } from ".";

let ipCounter = 1;
const freshIp = () => `203.0.113.${ipCounter++ % 250}:${randomBytes(2).toString("hex")}`.split(":")[0] + `-${randomBytes(3).toString("hex")}`;

describe.each(testDatabases())("throttling and the mailbox on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let limiter: RateLimiter;

  beforeAll(async () => {
    database = await open();
    limiter = createDatabaseLimiter(database.db); // production limits
    server = await startTestServer(testDeps(database, { limiter }));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

  async function expect429(res: Response) {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { code: string; detail: string; retryAfter: number };
    expect(body.code).toBe("rate_limited");
    expect(body.retryAfter).toBe(retryAfter);
    expect(body.detail).toMatch(/Too many attempts — try again in \d+ (seconds?|minutes?)\./);
    return retryAfter;
  }

  it("POST /auth/token: the 11th failed sign-in for one email is 429 with Retry-After, the right password too", async () => {
    const user = await createUser(database.db);
    const ip = { "x-forwarded-for": freshIp() };
    for (let i = 0; i < LIMITS.signInPerEmail.limit; i++) {
      expect((await post("/api/v1/auth/token", { email: user.email, password: "wrong password!" }, ip)).status).toBe(401);
    }
    const wait = await expect429(await post("/api/v1/auth/token", { email: user.email, password: "wrong password!" }, ip));
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // From another address as well: the budget is the email's.
    await expect429(await post("/api/v1/auth/token", { email: user.email.toUpperCase(), password: user.password }, { "x-forwarded-for": freshIp() }));
  });

  it("successful sign-ins are not counted: 15 in a row, then failures still have their full budget", async () => {
    const user = await createUser(database.db);
    const ip = { "x-forwarded-for": freshIp() };
    for (let i = 0; i < 15; i++) expect((await post("/api/v1/auth/token", { email: user.email, password: user.password }, ip)).status).toBe(201);
    for (let i = 0; i < 9; i++) expect((await post("/api/v1/auth/token", { email: user.email, password: "nope nope" }, ip)).status).toBe(401);
    expect((await post("/api/v1/auth/token", { email: user.email, password: user.password }, ip)).status).toBe(201);
  });

  it("the sign-in page's credentials check (auth.ts authorize) has the same budget per email", async () => {
    const user = await createUser(database.db);
    const ip = freshIp();
    const attempt = (password: string) =>
      checkCredentialsLimited(database.db, { email: user.email, password }, { limiter, ip, passwords: argon2Passwords }).catch((e: unknown) => e);
    for (let i = 0; i < 10; i++) expect(await attempt("wrong password!")).toMatchObject({ code: "invalid_credentials" });
    expect(await attempt("wrong password!")).toMatchObject({ code: "rate_limited", extra: { retryAfter: expect.any(Number) } });
    expect(await attempt(user.password)).toMatchObject({ code: "rate_limited" });
  });

  it("failed sign-ins per IP: fresh emails do not reset it (100 per hour)", async () => {
    const ip = freshIp();
    // Count 99 failures straight into the IP's counter (as 99 other emails would), then the HTTP ones.
    await limiter.consume([{ rule: LIMITS.signInPerIp, key: ip }], { by: LIMITS.signInPerIp.limit - 1 });
    const h = { "x-forwarded-for": ip };
    expect((await post("/api/v1/auth/token", { email: `nobody-${randomBytes(4).toString("hex")}@example.test`, password: "guess guess" }, h)).status).toBe(401);
    await expect429(await post("/api/v1/auth/token", { email: `someone-${randomBytes(4).toString("hex")}@example.test`, password: "guess guess" }, h));
    // Another address is unaffected.
    expect((await post("/api/v1/auth/token", { email: `x-${randomBytes(4).toString("hex")}@example.test`, password: "guess guess" }, { "x-forwarded-for": freshIp() })).status).toBe(401);
  });

  it("registration per IP: the 11th sign-up from one address in an hour is 429", async () => {
    const h = { "x-forwarded-for": freshIp() };
    const register = (i: number) =>
      post("/api/v1/auth/register", { email: `reg-${i}-${randomBytes(4).toString("hex")}@example.test`, password: "long enough pw", name: "Reg", role: "shopper" }, h);
    for (let i = 0; i < LIMITS.registerPerIp.limit; i++) expect((await register(i)).status).toBe(201);
    await expect429(await register(99));
    expect((await post("/api/v1/auth/register", { email: `other-${randomBytes(4).toString("hex")}@example.test`, password: "long enough pw", name: "Reg", role: "shopper" }, { "x-forwarded-for": freshIp() })).status).toBe(201);
  });

  it("code creation per brand: the 61st code in an hour is 429", async () => {
    const brand = await createUser(database.db, { role: "brand", brandName: `Busy ${randomBytes(3).toString("hex")}` });
    await limiter.consume([{ rule: LIMITS.codesPerBrand, key: brand.brand!.id }], { by: LIMITS.codesPerBrand.limit - 2 });
    const auth = { authorization: `Bearer ${await issueToken(database.db, brand.id)}` };
    const create = () =>
      post("/api/v1/discountcode/", { code: `B${randomBytes(5).toString("hex")}`, discount: 10, validUntil: new Date(Date.now() + 86400_000).toISOString() }, auth);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    await expect429(await create());
  });

  it("code lookups per IP: a second fresh account on the same address does not get a fresh budget", async () => {
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    const brand = await createUser(database.db, { role: "brand", brandName: `Real ${randomBytes(3).toString("hex")}` });
    const code = `REAL${randomBytes(4).toString("hex")}`.toUpperCase();
    const created = await post("/api/v1/discountcode/", { code, discount: 10, validUntil: new Date(Date.now() + 86400_000).toISOString() }, { authorization: `Bearer ${await issueToken(database.db, brand.id)}` });
    expect(created.status).toBe(201);
    const ip = freshIp();
    const as = async (u: TestUser) => ({ authorization: `Bearer ${await issueToken(database.db, u.id)}`, "x-forwarded-for": ip });
    const [ha, hb] = [await as(a), await as(b)];
    const miss = (h: Record<string, string>) => get(`/api/v1/discountcode/NOPE${randomBytes(5).toString("hex")}`, h);
    for (let i = 0; i < 20; i++) expect((await miss(ha)).status).toBe(404); // a's own budget, spent
    for (let i = 20; i < LIMITS.lookupMissesPerIp.limit; i++) expect((await miss(hb)).status).toBe(404);
    await expect429(await miss(hb)); // b is fresh, the address is not
    await expect429(await get(`/api/v1/discountcode/${code}`, hb)); // real codes too, while it lasts
    await expect429(await post("/api/v1/discountcodeusage/", { code, userId: b.id }, hb));
    // b from another address is fine.
    const elsewhere = { ...hb, "x-forwarded-for": freshIp() };
    expect((await get(`/api/v1/discountcode/${code}`, elsewhere)).status).toBe(200);
  });

  describe("the local mailbox", () => {
    let shopper: TestUser;
    let other: TestUser;
    let admin: TestUser;
    let coAdmin: TestUser;
    afterEach(() => setMailboxEnabled(undefined));

    beforeAll(async () => {
      shopper = await createUser(database.db);
      other = await createUser(database.db);
      admin = await createUser(database.db, { role: "brand", brandName: `Mailbrand ${randomBytes(3).toString("hex")}` });
      coAdmin = await createUser(database.db);
      await database.db.insert(brandMembers).values({ brandId: admin.brand!.id, userId: coAdmin.id, role: "admin" });
      const mailer = createMailboxMailer({ db: database.db, from: "t@example.test" });
      for (const u of [shopper, other, admin, coAdmin]) {
        await mailer.send({ to: u.email, subject: `for ${u.email}`, html: "<p>x</p>", text: "x" }, { idempotencyKey: `k-${u.id}` });
      }
    });

    const subjects = async (res: Response) => {
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: { subject: string; to: string }[] }).data.map((m) => m.subject).sort();
    };

    it("is closed to anonymous callers, at both paths", async () => {
      for (const path of ["/api/dev/mailbox", "/api/v1/dev/mailbox", "/api/v1/dev/mailbox/?limit=500", `/api/dev/mailbox?to=${encodeURIComponent(shopper.email)}`]) {
        const res = await get(path);
        expect(res.status, path).toBe(401);
        expect(JSON.stringify(await res.json())).not.toContain("@");
      }
    });

    it("shows each caller only their own mail; a brand admin also their brand's admins'", async () => {
      expect(await subjects(await get("/api/v1/dev/mailbox", { authorization: `Bearer ${await issueToken(database.db, shopper.id)}` }))).toEqual([`for ${shopper.email}`]);
      expect(await subjects(await get("/api/dev/mailbox", { cookie: await sessionCookie(other) }))).toEqual([`for ${other.email}`]);
      expect(await subjects(await get("/api/v1/dev/mailbox", { cookie: await sessionCookie(admin) }))).toEqual([`for ${admin.email}`, `for ${coAdmin.email}`].sort());
      // Asking for someone else's address gives nothing.
      expect(await subjects(await get(`/api/v1/dev/mailbox?to=${encodeURIComponent(other.email)}`, { cookie: await sessionCookie(shopper) }))).toEqual([]);
    });

    it("validates ?limit= 1–100 (422)", async () => {
      const h = { cookie: await sessionCookie(shopper) };
      for (const bad of ["0", "101", "500", "x"]) expect((await get(`/api/v1/dev/mailbox?limit=${bad}`, h)).status, bad).toBe(422);
      expect((await get("/api/v1/dev/mailbox?limit=100", h)).status).toBe(200);
      expect((await get(`/api/v1/dev/mailbox?to=a%00b@example.test`, h)).status).toBe(422);
    });

    it("is 404 for everyone where it is off (DATABASE_URL without MAILBOX_ENABLED)", async () => {
      expect(mailboxEnabled({})).toBe(true);
      expect(mailboxEnabled({ DATABASE_URL: "postgres://db/x" })).toBe(false);
      expect(mailboxEnabled({ DATABASE_URL: "postgres://db/x", MAILBOX_ENABLED: true })).toBe(true);
      expect(mailboxEnabled({ RESEND_API_KEY: "re_x" })).toBe(false);
      setMailboxEnabled(false);
      expect((await get("/api/v1/dev/mailbox")).status).toBe(404);
      expect((await get("/api/dev/mailbox", { cookie: await sessionCookie(shopper) })).status).toBe(404);
    });
  });
});
