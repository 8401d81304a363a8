// Email verification over real HTTP, on PGlite and PostgreSQL (API.md "Email verification and the
// local mailbox"): sign-up → the outbox job mails a link to the local mailbox → the link's token
// verifies (twice: 200) → the account carries emailVerified in every answer; an unverified brand
// cannot create codes (403 email_unverified) until it does.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { emailVerifications, outboxEvents, users } from "@/lib/db/schema";
import { createMailboxMailer, listMailbox } from "@/lib/mail";
import { runNotificationJob, type NotificationPorts } from "@/lib/notifications";
import { testDatabases } from "@/test/db";
import { createUser, issueToken, TEST_AUTH_SECRET, testDeps } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const APP_URL = "https://discounts.test";

describe.each(testDatabases())("email verification on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let ports: NotificationPorts;
  const dispatched: number[] = [];
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database, { events: { dispatch: (ids) => void dispatched.push(...ids) } }));
    ports = {
      db: database.db,
      mailer: createMailboxMailer({ db: database.db, from: "Discounts <no-reply@discounts.test>" }),
      clock: systemClock,
      appUrl: APP_URL,
      // The same key the routes derive links with (AUTH_SECRET of the test server).
      unsubscribeSecret: TEST_AUTH_SECRET,
    };
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Runs the jobs of every verification event in the outbox, as the worker would. */
  async function runVerificationJobs() {
    const events = await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "account/verification.requested"));
    for (const e of events) await runNotificationJob(ports, { name: "account/verification.requested", payload: e.payload as { userId: string; nonce: string } });
    return events;
  }

  async function linkFor(email: string): Promise<URL> {
    const [mail] = await listMailbox(database.db, { to: email, limit: 1 });
    expect(mail, `a verification email to ${email}`).toBeDefined();
    const href = /href="([^"]*\/verify-email\?token=[^"]+)"/.exec(mail!.html)![1]!.replaceAll("&amp;", "&");
    return new URL(href);
  }

  async function register(body: Record<string, unknown>) {
    const res = await post("/api/v1/auth/register", { password: "a-long-enough-password", name: "Vera Verify", ...body });
    expect(res.status).toBe(201);
    return (await res.json()).user as { id: string; email: string; emailVerified: boolean; brand?: { id: string } };
  }

  it("sign-up mails a working link; verifying answers 200 { user } with emailVerified, twice", async () => {
    const user = await register({ email: "vera@example.test", role: "shopper" });
    expect(user.emailVerified).toBe(false);
    // The account and its outbox row in one transaction, dispatched after the commit.
    const [event] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.name, "account/verification.requested"));
    expect(event!.payload).toEqual({ userId: user.id, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(dispatched).toContain(event!.id);
    // Only the token's SHA-256 is stored, and the outbox carries no token either.
    const [row] = await database.db.select().from(emailVerifications).where(eq(emailVerifications.userId, user.id));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(48 * 3600_000);

    await runVerificationJobs();
    await runVerificationJobs(); // a retried job sends nothing twice
    const mails = await listMailbox(database.db, { to: user.email });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Confirm your email address");
    expect(mails[0]!.text).toContain(`${APP_URL}/verify-email?token=`);
    const link = await linkFor(user.email);
    expect(link.origin + link.pathname).toBe(`${APP_URL}/verify-email`);
    const token = link.searchParams.get("token")!;
    expect(JSON.stringify(event!.payload)).not.toContain(token);

    const first = await post("/api/v1/auth/verify-email", { token });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ user: { id: user.id, email: user.email, name: "Vera Verify", role: "shopper", emailVerified: true } });
    const [verified] = await database.db.select({ at: users.emailVerified }).from(users).where(eq(users.id, user.id));
    expect(verified!.at).toBeInstanceOf(Date);
    const again = await post("/api/v1/auth/verify-email/", { token });
    expect(again.status).toBe(200);
    expect((await again.json()).user.emailVerified).toBe(true);
  });

  it("400 invalid_token for an unknown, malformed or expired token (not 401)", async () => {
    const user = await register({ email: "late@example.test", role: "shopper" });
    await runVerificationJobs();
    const token = (await linkFor(user.email)).searchParams.get("token")!;
    for (const bad of ["x".repeat(43), "nope", token.slice(0, -1) + (token.endsWith("A") ? "B" : "A")]) {
      const res = await post("/api/v1/auth/verify-email", { token: bad });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toBeNull();
      expect(await res.json()).toMatchObject({ status: 400, code: "invalid_token" });
    }
    await database.db.update(emailVerifications).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailVerifications.userId, user.id));
    const expired = await post("/api/v1/auth/verify-email", { token });
    expect(expired.status).toBe(400);
    expect((await expired.json()).code).toBe("invalid_token");
    expect((await post("/api/v1/auth/verify-email", {})).status).toBe(422);
  });

  it("users carry emailVerified in the token and introspection answers", async () => {
    const user = await register({ email: "tok@example.test", role: "shopper" });
    const issued = await post("/api/v1/auth/token", { email: user.email, password: "a-long-enough-password" });
    expect(issued.status).toBe(201);
    const { token, user: issuedUser } = await issued.json();
    expect(issuedUser.emailVerified).toBe(false);
    const live = await fetch(`${server.url}/api/v1/auth/token`, { headers: { authorization: `Bearer ${token}` } });
    expect((await live.json()).user).toMatchObject({ id: user.id, emailVerified: false });
    await runVerificationJobs();
    await post("/api/v1/auth/verify-email", { token: (await linkFor(user.email)).searchParams.get("token") });
    const after = await fetch(`${server.url}/api/v1/auth/token`, { headers: { authorization: `Bearer ${token}` } });
    expect((await after.json()).user).toMatchObject({ id: user.id, emailVerified: true });
  });

  it("resend: signed in only, at most once a minute (429 with Retry-After), nothing for a verified user", async () => {
    expect((await post("/api/v1/auth/verify-email/resend")).status).toBe(401);
    const user = await register({ email: "again@example.test", role: "shopper" });
    const bearer = { authorization: `Bearer ${await issueToken(database.db, user.id)}` };
    const tooSoon = await post("/api/v1/auth/verify-email/resend", undefined, bearer);
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await tooSoon.json()).code).toBe("rate_limited");

    // A minute later: a second link, mailed like the first; both work until used.
    await database.db
      .update(emailVerifications)
      .set({ createdAt: new Date(Date.now() - 61_000) })
      .where(eq(emailVerifications.userId, user.id));
    const sent = await post("/api/v1/auth/verify-email/resend", undefined, bearer);
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ sent: true, expiresAt: expect.any(String) });
    expect(await database.db.select().from(emailVerifications).where(eq(emailVerifications.userId, user.id))).toHaveLength(2);
    await runVerificationJobs();
    expect(await listMailbox(database.db, { to: user.email })).toHaveLength(2);
    const newest = (await linkFor(user.email)).searchParams.get("token")!;
    expect((await post("/api/v1/auth/verify-email", { token: newest })).status).toBe(200);

    const done = await post("/api/v1/auth/verify-email/resend", undefined, bearer);
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ sent: false });
  });

  it("an unverified brand gets 403 email_unverified on create; verified, 201 (announced)", async () => {
    const brand = await createUser(database.db, { role: "brand", verified: false });
    const bearer = { authorization: `Bearer ${await issueToken(database.db, brand.id)}` };
    const body = { code: "VERIFYME10", discount: 10, validUntil: new Date(Date.now() + 86_400_000).toISOString() };
    const refused = await post("/api/v1/discountcode", body, bearer);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403, code: "email_unverified" });

    await runVerificationJobs();
    const token = (await linkFor(brand.email)).searchParams.get("token")!;
    expect((await post("/api/v1/auth/verify-email", { token })).status).toBe(200);
    const created = await post("/api/v1/discountcode", body, bearer);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: "VERIFYME10", announced: true });
    const [row] = await database.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.name, "discount/code.created")));
    expect(row).toBeDefined();
  });
});
