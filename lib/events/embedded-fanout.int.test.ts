// The embedded default end to end below HTTP: a code.created event in the outbox, the in-process
// worker running the real announcement job into the local mailbox, 10,000 shoppers — stopped
// midway and started again — and every shopper who wants announcements gets exactly one email.
// It prints how long the fan-out took on each engine (no assertion on time).
import { count, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, seedBrand, seedCode, seedShoppers } from "../../test/notification-fixtures";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { emailDeliveries, mailboxMessages, outboxEvents } from "../db/schema";
import { startResendServer } from "../../test/resend-server";
import { createMailboxMailer } from "../mail/mailbox";
import { createResendMailer } from "../mail/resend";
import { runNotificationJob, unsubscribe, unsubscribeUrl, type NotificationPorts } from "../notifications";
import { workerDispatcher } from "./dispatcher";
import { enqueueEvent } from "./outbox";
import { createOutboxWorker } from "./worker";
import { report } from "../log/report";

const SHOPPERS = 10_000;
const secret = "fanout-test-secret-0123456789";

describe.each(testDatabases())("embedded fan-out on $name", ({ name, open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => {
    await database.close();
  });

  it(
    `announces a code to ${SHOPPERS.toLocaleString("en-US")} shoppers: one email each, across a stop and a restart`,
    async () => {
      const db = database.db;
      const brand = await seedBrand(db, { name: "Acme Outfitters" });
      const { codeId } = await seedCode(db, brand.brandId, { code: "FANOUT10K", percent: 10 });
      const shoppers = await seedShoppers(db, SHOPPERS);
      const optedOut = await seedShoppers(db, 25, { notifyNewCodes: false });
      const [leaver] = await seedShoppers(db, 1);
      await unsubscribe(db, { token: new URL(unsubscribeUrl("http://x", { userId: leaver!.id, secret })).searchParams.get("token")!, secret });

      const ports: NotificationPorts = {
        db,
        mailer: createMailboxMailer({ db, from: "Discounts <no-reply@discounts.test>" }),
        clock: systemClock,
        appUrl: "http://localhost:3000",
        unsubscribeSecret: secret,
      };
      const errors: unknown[] = [];
      const worker = () =>
        createOutboxWorker({
          db,
          pollMs: 50,
          handle: ({ name: event, payload }, { signal }) => runNotificationJob(ports, { name: event, payload }, { signal }),
          logger: { error: (m, e) => void errors.push([m, e]) },
        });
      const total = async () => Number((await db.select({ n: count() }).from(mailboxMessages))[0]!.n);
      const published = async () =>
        (await db.select({ at: outboxEvents.publishedAt }).from(outboxEvents).where(eq(outboxEvents.id, event.id)))[0]!.at !== null;

      const event = await db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId, brandId: brand.brandId } }));
      const first = worker();
      const t0 = performance.now();
      first.start();
      workerDispatcher(first).dispatch([event.id]);
      await expect.poll(total, { timeout: 900_000, interval: 50 }).toBeGreaterThanOrEqual(3_000);
      await first.stop();
      const firstRunMs = performance.now() - t0;
      const midway = await total();
      expect(midway).toBeLessThan(SHOPPERS);
      expect(await published()).toBe(false);

      const second = worker();
      const t1 = performance.now();
      second.start();
      await expect.poll(published, { timeout: 900_000, interval: 100 }).toBe(true);
      const secondRunMs = performance.now() - t1;
      await second.stop();

      const counts = await mailboxCounts(db);
      expect(await total()).toBe(SHOPPERS);
      expect(counts.size).toBe(SHOPPERS);
      for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
      for (const s of [...optedOut, leaver!]) expect(counts.get(s.email)).toBeUndefined();
      const [unconfirmed] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
      expect(Number(unconfirmed!.n)).toBe(0);
      expect(errors).toEqual([]);

      const seconds = (firstRunMs + secondRunMs) / 1000;
      report(
        `[fan-out] ${name}: ${SHOPPERS} emails in ${seconds.toFixed(1)} s of worker time ` +
          `(${Math.round(SHOPPERS / seconds)} emails/s, ${((seconds * 1000) / (SHOPPERS / 100)).toFixed(0)} ms per batch of 100); ` +
          `stopped after ${midway}, restarted, finished the rest`,
      );
    },
    1_800_000,
  );

  it("with Resend configured, the worker sends the same announcement through the batch API, once each despite 429s and 5xx", async () => {
    const db = database.db;
    const server = await startResendServer();
    try {
      const brand = await seedBrand(db);
      const { codeId } = await seedCode(db, brand.brandId, { percent: 25 });
      const shoppers = await seedShoppers(db, 1_000);
      const ports: NotificationPorts = {
        db,
        mailer: createResendMailer({ apiKey: server.apiKey, baseUrl: server.url, from: "Discounts <no-reply@discounts.test>", maxAttempts: 2, sleep: async () => {} }),
        clock: systemClock,
        appUrl: "http://localhost:3000",
        unsubscribeSecret: secret,
      };
      // Rate limits, outages, and a batch Resend accepted but answered 500 for: some beyond the
      // adapter's own retries, so the worker's retry of the whole job has to pick them up.
      server.failNext(1, { status: 429, retryAfter: 0 });
      server.failNext(1, { status: 500, afterAccepting: true });
      server.failNext(2, { status: 503 });
      server.failNext(1, { status: 502 });
      const worker = createOutboxWorker({
        db,
        pollMs: 20,
        retryBaseMs: 20,
        handle: ({ name: event, payload }, { signal }) => runNotificationJob(ports, { name: event, payload }, { signal }),
        logger: { error: () => {} },
      });
      const event = await db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId, brandId: brand.brandId } }));
      worker.start();
      workerDispatcher(worker).dispatch([event.id]);
      await expect
        .poll(async () => (await db.select({ at: outboxEvents.publishedAt }).from(outboxEvents).where(eq(outboxEvents.id, event.id)))[0]!.at, {
          timeout: 600_000,
          interval: 100,
        })
        .not.toBeNull();
      await worker.stop();
      const counts = server.countsByRecipient();
      expect(counts.size).toBe(1_000);
      for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
      expect(server.requests.every((r) => r.path === "/emails/batch" && r.count <= 100)).toBe(true);
      expect(server.requests.filter((r) => r.status !== 200).length).toBe(5);
      expect(server.emails[0]!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    } finally {
      await server.close();
    }
  }, 900_000);
});
