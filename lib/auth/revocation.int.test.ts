// Sessions that sign-out and a password change revoke (issue 9, item 7), and tokens' lastUsedAt.
// Sign-in and sign-out go through next-auth's real routes; the old cookie is then replayed to the
// API (lib/http/caller.ts) and to /api/auth/session, which runs the same jwt callback as auth() in
// the pages (so a revoked cookie reads as signed out there too, and /dashboard sends it away).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeSessions } from "@/lib/accounts";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";
import { testDatabases } from "@/test/db";
import { createUser, issueToken, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

describe.each(testDatabases())("session revocation on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  const clock = fixedClock("2030-01-01T00:00:00Z");

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database, clock));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  async function csrf() {
    const res = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { csrfToken, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
  }

  async function signIn(user: { email: string; password: string }): Promise<string> {
    const { csrfToken, cookie } = await csrf();
    const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie },
      body: new URLSearchParams({ email: user.email, password: user.password, csrfToken, callbackUrl: "/" }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    if (!session) throw new Error(`no session for ${user.email}`);
    return session.split(";")[0]!;
  }

  async function signOut(session: string): Promise<void> {
    const { csrfToken, cookie } = await csrf();
    const res = await fetch(`${server.url}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: `${cookie}; ${session}` },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/" }),
    });
    expect(res.status).toBe(302);
  }

  const api = (cookie: string) => fetch(`${server.url}/api/v1/notifications/settings`, { headers: { cookie } });
  const pageSession = async (cookie: string) => (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).json();

  it("sign-out revokes the session: the old cookie gets 401 from the API and no session on pages", async () => {
    const user = await createUser(database.db);
    const session = await signIn(user);
    const other = await signIn(user); // another device
    expect((await api(session)).status).toBe(200);
    expect(await pageSession(session)).toMatchObject({ user: { id: user.id } });

    await signOut(session);

    expect((await api(session)).status).toBe(401);
    expect(await pageSession(session)).toBeNull();
    // Every session of the user issued before the sign-out ends with it.
    expect((await api(other)).status).toBe(401);
    // Signing in again works.
    const fresh = await signIn(user);
    expect((await api(fresh)).status).toBe(200);
    expect(await pageSession(fresh)).toMatchObject({ user: { id: user.id } });
  });

  it("a session already revoked cannot revoke the sessions issued after it", async () => {
    const user = await createUser(database.db);
    const old = await signIn(user);
    await revokeSessions(database.db, user.id);
    const current = await signIn(user);
    await signOut(old);
    expect((await api(current)).status).toBe(200);
  });

  it("a password change revokes every session; the new password signs in, the old does not", async () => {
    const user: TestUser = await createUser(database.db);
    const session = await signIn(user);
    const token = await issueToken(database.db, user.id, { now: clock() });
    const change = (cookie: string, body: unknown) =>
      fetch(`${server.url}/api/v1/auth/password`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    const wrong = await change(session, { currentPassword: "not-it-at-all", newPassword: "another-password-2" });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "currentPassword" }] });
    expect((await api(session)).status).toBe(200);

    const ok = await change(session, { currentPassword: user.password, newPassword: "another-password-2" });
    expect(ok.status).toBe(204);
    expect((await api(session)).status).toBe(401);
    expect(await pageSession(session)).toBeNull();
    // API tokens are managed on their own and stay valid.
    expect((await fetch(`${server.url}/api/v1/notifications/settings`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await expect(signIn(user)).rejects.toThrow(/no session/);
    const fresh = await signIn({ email: user.email, password: "another-password-2" });
    expect((await api(fresh)).status).toBe(200);
  });

  it("writes a token's lastUsedAt on use, at most once a minute", async () => {
    const user = await createUser(database.db);
    const token = await issueToken(database.db, user.id, { now: clock() });
    const use = async () =>
      expect((await fetch(`${server.url}/api/v1/notifications/settings`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const lastUsed = async () => {
      const rows = await database.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.userId, user.id));
      return rows[0]?.at?.toISOString() ?? null;
    };
    // The write is fire-and-forget: wait for it to land.
    const eventually = (expected: string) => expect.poll(lastUsed, { timeout: 30_000 }).toBe(expected);

    expect(await lastUsed()).toBeNull();
    const first = clock().toISOString();
    await use();
    await eventually(first);

    // Uses within the minute write nothing: had either written, the use a minute after the first
    // would fall within a minute of it and write nothing either, and `second` would never land.
    clock.advance(30_000);
    await use();
    clock.advance(29_000);
    await use();
    expect(await lastUsed()).toBe(first);

    clock.advance(1_000); // a minute after the first use
    const second = clock().toISOString();
    await use();
    await eventually(second);
  });
});
