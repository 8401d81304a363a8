// The embedded default over HTTP: a brand creates a code through the API → the in-process outbox
// worker announces it → every shopper finds exactly one email with the code and its terms at
// GET /api/dev/mailbox; a shopper redeems it → the brand's admin finds exactly one notice.
import { and, count, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../../../test/db";
import { createUser, issueToken, testDeps, TEST_AUTH_SECRET, type TestUser } from "../../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../../test/http";
import { seedShoppers } from "../../../../test/notification-fixtures";
import type { Database } from "../../../../lib/db";
import { outboxEvents } from "../../../../lib/db/schema";
import { workerDispatcher } from "../../../../lib/events/dispatcher";
import { createOutboxWorker, type OutboxWorker } from "../../../../lib/events/worker";
import { createMailboxMailer } from "../../../../lib/mail";
import { runNotificationJob } from "../../../../lib/notifications";
import { systemClock } from "../../../../lib/clock";

interface Mail {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

describe.each(testDatabases())("the embedded default, end to end, on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let worker: OutboxWorker;
  let brand: TestUser;
  let shoppers: TestUser[];

  beforeAll(async () => {
    database = await open();
    const db = database.db;
    worker = createOutboxWorker({
      db,
      pollMs: 100,
      handle: ({ name, payload }, { signal }) =>
        runNotificationJob(
          {
            db,
            mailer: createMailboxMailer({ db, from: "Discounts <no-reply@discounts.test>" }),
            clock: systemClock,
            appUrl: "http://localhost:3000",
            unsubscribeSecret: TEST_AUTH_SECRET,
          },
          { name, payload },
          { signal },
        ),
    });
    worker.start();
    server = await startTestServer(testDeps(database, { events: workerDispatcher(worker) }));
    brand = await createUser(db, { role: "brand", brandName: "Acme Outfitters", name: "Ada Acme" });
    shoppers = [await createUser(db, { name: "Sam Shopper" }), await createUser(db, { name: "Kim Buyer" })];
    await seedShoppers(db, 150); // enough for two batches
  });
  afterAll(async () => {
    await worker.stop();
    await server.close();
    await database.close();
  });

  // Each caller sees only their own mail: read it as the recipient.
  const mailbox = async (to: string): Promise<Mail[]> => {
    const user = [brand, ...shoppers].find((u) => u.email === to)!;
    const res = await fetch(`${server.url}/api/dev/mailbox`, { headers: { authorization: `Bearer ${await issueToken(database.db, user.id)}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Mail[] }).data;
  };
  const post = async (path: string, user: TestUser, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${await issueToken(database.db, user.id)}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("creating a code emails each shopper once; redeeming it emails the brand once", async () => {
    const validUntil = new Date(Date.now() + 30 * 24 * 3600_000);
    const created = await post("/api/v1/discountcode/", brand, { code: "springsale2030", discount: 15, validUntil: validUntil.toISOString() });
    expect(created.status).toBe(201);

    for (const s of shoppers) {
      await expect.poll(async () => (await mailbox(s.email)).length, { timeout: 60_000 }).toBe(1);
      const [mail] = await mailbox(s.email);
      expect(mail!.subject).toBe("Acme Outfitters: 15% off with code SPRINGSALE2030");
      for (const body of [mail!.html, mail!.text]) {
        expect(body).toContain("SPRINGSALE2030");
        expect(body).toContain("15% off every Acme Outfitters product");
        expect(body).toContain("http://localhost:3000/shop");
        expect(body).toContain("/api/v1/notifications/unsubscribe?token=");
      }
    }
    expect(await mailbox(brand.email)).toEqual([]);

    const redeemed = await post("/api/v1/discountcodeusage/", shoppers[0]!, {
      code: "SPRINGSALE2030",
      userId: shoppers[0]!.id,
      amount: 12000,
      currency: "EUR",
    });
    expect(redeemed.status).toBe(201);
    await expect.poll(async () => (await mailbox(brand.email)).length, { timeout: 60_000 }).toBe(1);
    const [notice] = await mailbox(brand.email);
    expect(notice!.subject).toBe("Code SPRINGSALE2030 was used by Sam Shopper");
    for (const body of [notice!.html, notice!.text]) {
      expect(body).toContain(shoppers[0]!.email);
      expect(body).toContain("€120.00");
      expect(body).toContain("−€18.00");
      expect(body).toContain("€102.00");
    }

    // Once the worker has nothing left to run (every event published or failed), count again:
    // nothing it could still do would send more.
    const waiting = async () =>
      (await database.db.select({ n: count() }).from(outboxEvents).where(and(isNull(outboxEvents.publishedAt), isNull(outboxEvents.failedAt))))[0]!.n;
    await expect.poll(waiting, { timeout: 60_000 }).toBe(0);
    for (const s of shoppers) expect(await mailbox(s.email)).toHaveLength(1);
    expect(await mailbox(brand.email)).toHaveLength(1);
  });
});
