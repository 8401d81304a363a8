// The notification routes over real HTTP (test/http.ts): the RFC 8058 one-click unsubscribe, the
// caller's email settings, the local mailbox as JSON, and /api/inngest without Inngest keys.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../../../test/db";
import { createUser, issueToken, testDeps, TEST_AUTH_SECRET } from "../../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../../test/http";
import type { Database } from "../../../../lib/db";
import { users } from "../../../../lib/db/schema";
import { createMailboxMailer } from "../../../../lib/mail";
import { unsubscribeUrl } from "../../../../lib/notifications";

describe.each(testDatabases())("notification routes on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  // The routes sign and check links with AUTH_SECRET; the test server sets it for the process.
  const secret = () => process.env.AUTH_SECRET ?? TEST_AUTH_SECRET;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
  });
  afterAll(async () => {
    await server.close();
    await database.close();
  });

  const notify = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!.notifyNewCodes;
  const linkFor = (userId: string) => new URL(unsubscribeUrl(server.url, { userId, secret: secret() }));

  describe("one-click unsubscribe (RFC 8058)", () => {
    it("a mail client's POST unsubscribes at once, and again is fine", async () => {
      const shopper = await createUser(database.db);
      const link = linkFor(shopper.id);
      for (let i = 0; i < 2; i++) {
        const res = await fetch(link, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ unsubscribed: true });
      }
      expect(await notify(shopper.id)).toBe(false);
    });

    it("a browser's GET only redirects to the confirmation page", async () => {
      const shopper = await createUser(database.db);
      const link = linkFor(shopper.id);
      const res = await fetch(link, { redirect: "manual" });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/notifications/unsubscribe?token=${encodeURIComponent(link.searchParams.get("token")!)}`);
      expect(await notify(shopper.id)).toBe(true);
    });

    it.each([
      ["a forged token", (id: string) => `${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, 400, "bad_request"],
      ["a malformed token", () => "not-a-token", 400, "bad_request"],
      ["no token", () => "", 422, "validation_failed"],
    ])("refuses %s with a problem, changing nothing", async (_what, token, status, code) => {
      const shopper = await createUser(database.db);
      const url = new URL("/api/v1/notifications/unsubscribe", server.url);
      if (token(shopper.id)) url.searchParams.set("token", token(shopper.id));
      const res = await fetch(url, { method: "POST" });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status, code });
      expect(await notify(shopper.id)).toBe(true);
    });
  });

  describe("the caller's settings", () => {
    it("reads and changes notifyNewCodes", async () => {
      const shopper = await createUser(database.db);
      const auth = { authorization: `Bearer ${await issueToken(database.db, shopper.id)}` };
      const url = `${server.url}/api/v1/notifications/settings`;
      expect(await (await fetch(url, { headers: auth })).json()).toEqual({ notifyNewCodes: true });
      const put = await fetch(url, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ notifyNewCodes: false }),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ notifyNewCodes: false });
      expect(await notify(shopper.id)).toBe(false);
    });

    it("needs a signed-in caller and a boolean", async () => {
      const url = `${server.url}/api/v1/notifications/settings`;
      expect((await fetch(url)).status).toBe(401);
      const shopper = await createUser(database.db);
      const res = await fetch(url, {
        method: "PUT",
        headers: { authorization: `Bearer ${await issueToken(database.db, shopper.id)}`, "content-type": "application/json" },
        body: JSON.stringify({ notifyNewCodes: "no" }),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "validation_failed", errors: [{ path: "notifyNewCodes" }] });
    });
  });

  describe("GET /api/dev/mailbox", () => {
    it("lists the caller's own messages, newest first; anonymous → 401", async () => {
      const mia = await createUser(database.db, { email: `mia-${Date.now()}@example.test` });
      const token = await issueToken(database.db, mia.id);
      const auth = { authorization: `Bearer ${token}` };
      const mailer = createMailboxMailer({ db: database.db, from: "Discounts <no-reply@discounts.test>" });
      const msg = (subject: string, to = mia.email.toUpperCase()) => ({ to, subject, html: `<p>${subject}</p>`, text: subject });
      await mailer.send(msg("first"), { idempotencyKey: `mbx-1-${mia.id}` });
      await new Promise((r) => setTimeout(r, 5));
      await mailer.send(msg("second"), { idempotencyKey: `mbx-2-${mia.id}` });
      await mailer.send(msg("someone else's", "other@example.test"), { idempotencyKey: `mbx-3-${mia.id}` });

      expect((await fetch(`${server.url}/api/dev/mailbox`)).status).toBe(401);
      const res = await fetch(`${server.url}/api/dev/mailbox`, { headers: auth });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { id: string; to: string; subject: string; html: string; text: string; createdAt: string }[] };
      expect(data.map((m) => m.subject)).toEqual(["second", "first"]);
      expect(data[0]).toEqual({
        id: expect.stringMatching(/^msg_/),
        to: mia.email.toLowerCase(),
        subject: "second",
        html: "<p>second</p>",
        text: "second",
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
      // Also with a trailing slash, and at /api/v1/dev/mailbox, without a redirect.
      for (const path of ["/api/dev/mailbox/", "/api/v1/dev/mailbox", "/api/v1/dev/mailbox/"]) {
        expect((await fetch(`${server.url}${path}`, { headers: auth, redirect: "manual" })).status).toBe(200);
      }
    });

    it.each([["to=not-an-address"], ["limit=0"], ["limit=abc"]])("answers 422 for %s", async (qs) => {
      const shopper = await createUser(database.db);
      const token = await issueToken(database.db, shopper.id);
      const res = await fetch(`${server.url}/api/dev/mailbox?${qs}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: "validation_failed" });
    });
  });

  it("/api/inngest answers 404 without Inngest keys", async () => {
    for (const method of ["GET", "POST", "PUT"]) {
      const res = await fetch(`${server.url}/api/inngest`, { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
  });
});
