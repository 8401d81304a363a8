// next-auth's credentials sign-in through its real route: the session cookie it sets is the one
// lib/http reads for API calls, and it names the user and role. Wrong passwords get no session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSessionCookie } from "@/lib/auth/session-cookie";
import type { Database } from "@/lib/db";
import { testDatabases } from "@/test/db";
import { TEST_AUTH_SECRET, createUser, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

describe.each(testDatabases())("next-auth credentials sign-in on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let brand: TestUser;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
    brand = await createUser(database.db, { role: "brand", brandName: "Session Brand" });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  async function signIn(email: string, password: string) {
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/dashboard" }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    return { res, session: session?.split(";")[0] };
  }

  it("signs in with email (any case) and password: a session cookie with the user id and role", async () => {
    const { res, session } = await signIn(brand.email.toUpperCase(), brand.password);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/\/dashboard$/);
    expect(session).toBeDefined();
    expect(await readSessionCookie(session!, TEST_AUTH_SECRET)).toMatchObject({ sub: brand.id, role: "brand", email: brand.email });
    const me = await (await fetch(`${server.url}/api/auth/session`, { headers: { cookie: session! } })).json();
    expect(me.user).toMatchObject({ id: brand.id, email: brand.email, name: brand.name, role: "brand" });
  });

  it.each([
    ["a wrong password", () => [brand.email, "wrong-password"]],
    ["an unknown email", () => ["nobody@example.test", brand.password]],
    ["an empty password", () => [brand.email, ""]],
  ])("%s: no session, back to sign-in with an error", async (_what, creds) => {
    const [email, password] = creds() as [string, string];
    const { res, session } = await signIn(email, password);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/sign-in?error=CredentialsSignin");
    expect(session).toBeUndefined();
  });
});
