// announceCode / announceCodeBatch on real databases, with the local mailbox and with Resend's
// API served locally: everyone opted in gets exactly one email, however the job is interrupted.
import { count, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, mailboxFor, seedBrand, seedCode, seedShoppers } from "../../test/notification-fixtures";
import { startResendServer } from "../../test/resend-server";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { emailDeliveries } from "../db/schema";
import { createMailboxMailer } from "../mail/mailbox";
import { createResendMailer } from "../mail/resend";
import type { Mailer } from "../mail/types";
import { announceCode, announceCodeBatch } from "./announce-code";
import { unsubscribeUrl } from "./messages";
import { setNotificationOptIn, unsubscribe } from "./opt-in";
import type { NotificationPorts } from "./ports";

const secret = "announce-test-secret-0123456789";
const from = "Discounts <no-reply@discounts.test>";

/** Records every call, and can run a hook around a chosen call (to simulate crashes). */
function spyMailer(inner: Mailer, hooks: { afterSend?: (call: number) => void } = {}) {
  const calls: { size: number; key: string }[] = [];
  const mailer: Mailer = {
    kind: inner.kind,
    async send(m, o) {
      calls.push({ size: 1, key: o.idempotencyKey });
      const r = await inner.send(m, o);
      hooks.afterSend?.(calls.length);
      return r;
    },
    async sendBatch(ms, o) {
      calls.push({ size: ms.length, key: o.idempotencyKey });
      const r = await inner.sendBatch(ms, o);
      hooks.afterSend?.(calls.length);
      return r;
    },
  };
  return { mailer, calls };
}

describe.each(testDatabases())("announcing a code on $name", ({ open }) => {
  let database: Database;
  let ports: (mailer?: Mailer) => NotificationPorts;
  beforeEach(async () => {
    database = await open();
    ports = (mailer) => ({
      db: database.db,
      mailer: mailer ?? createMailboxMailer({ db: database.db, from }),
      clock: systemClock,
      appUrl: "https://discounts.test",
      unsubscribeSecret: secret,
    });
  });
  afterEach(async () => {
    await database.close();
  });

  it("emails every opted-in shopper exactly once, in batches of at most 100, and no one else", async () => {
    const db = database.db;
    const brand = await seedBrand(db, { name: "Acme Outfitters", admins: 2 });
    const { codeId } = await seedCode(db, brand.brandId, { code: "SPRING26", percent: 15 });
    const shoppers = await seedShoppers(db, 250);
    const optedOut = await seedShoppers(db, 20, { notifyNewCodes: false });
    const spy = spyMailer(createMailboxMailer({ db, from }));

    const result = await announceCode(ports(spy.mailer), { codeId });

    expect(result.sent).toBe(250);
    expect(spy.calls.map((c) => c.size)).toEqual([100, 100, 50]);
    const counts = await mailboxCounts(db);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
    for (const s of optedOut) expect(counts.get(s.email)).toBeUndefined();
    for (const a of brand.admins) expect(counts.get(a.email)).toBeUndefined();
    expect(counts.size).toBe(250);

    const [mail] = await mailboxFor(db, shoppers[0]!.email);
    expect(mail!.subject).toBe("Acme Outfitters: 15% off with code SPRING26");
    expect(mail!.text).toContain("15% off every Acme Outfitters product");
    expect(mail!.headers["List-Unsubscribe"]).toBe(`<${unsubscribeUrl("https://discounts.test", shoppers[0]!.id, secret)}>`);
    // Every delivery is confirmed.
    const [pending] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
    expect(Number(pending!.n)).toBe(0);
  });

  it("sends nothing when the job runs again", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    await seedShoppers(db, 120);
    await announceCode(ports(), { codeId });
    const spy = spyMailer(createMailboxMailer({ db, from }));
    const again = await announceCode(ports(spy.mailer), { codeId });
    expect(again.sent).toBe(0);
    expect(spy.calls).toEqual([]);
    expect([...(await mailboxCounts(db)).values()].every((n) => n === 1)).toBe(true);
  });

  it("skips a code that expired before the job ran, or that no longer exists", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId, {
      validFrom: new Date(Date.now() - 3_600_000),
      validUntil: new Date(Date.now() - 1000),
    });
    await seedShoppers(db, 5);
    expect(await announceCode(ports(), { codeId })).toMatchObject({ sent: 0, skipped: "code_expired" });
    expect(await announceCode(ports(), { codeId: "0".repeat(64) })).toMatchObject({ sent: 0, skipped: "code_not_found" });
    expect((await mailboxCounts(db)).size).toBe(0);
  });

  it("re-sends a batch that went out but was never confirmed with the same key, so it arrives once", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    const shoppers = await seedShoppers(db, 230);
    // The process "dies" right after the provider accepted the second batch.
    const crashing = spyMailer(createMailboxMailer({ db, from }), {
      afterSend: (call) => {
        if (call === 2) throw new Error("crashed after sending");
      },
    });
    await expect(announceCode(ports(crashing.mailer), { codeId })).rejects.toThrow("crashed after sending");
    const [pending] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
    expect(Number(pending!.n)).toBe(100);

    const resumed = spyMailer(createMailboxMailer({ db, from }));
    const result = await announceCode(ports(resumed.mailer), { codeId });
    expect(result.sent).toBe(130); // the recovered batch (100, delivered once) + the last 30
    expect(resumed.calls[0]!.key).toBe(crashing.calls[1]!.key);
    const counts = await mailboxCounts(db);
    expect(counts.size).toBe(230);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
  });

  it("through Resend: a batch Resend accepted while the job failed is delivered once", async () => {
    const db = database.db;
    const server = await startResendServer();
    try {
      const brand = await seedBrand(db);
      const { codeId } = await seedCode(db, brand.brandId);
      const shoppers = await seedShoppers(db, 150);
      const resend = createResendMailer({ apiKey: server.apiKey, baseUrl: server.url, from, maxAttempts: 3, sleep: async () => {} });
      // First batch: Resend sends it but answers 500, then is down for the adapter's other tries.
      server.failNext(1, { status: 500, afterAccepting: true });
      server.failNext(2, { status: 503 });
      await expect(announceCode(ports(resend), { codeId })).rejects.toMatchObject({ name: "MailDeliveryError", retryable: true });
      expect(server.emails).toHaveLength(100);

      // A 429 on the way back up, for good measure.
      server.failNext(1, { status: 429, retryAfter: 0 });
      const result = await announceCode(ports(resend), { codeId });
      expect(result.sent).toBe(150);
      const counts = server.countsByRecipient();
      expect(counts.size).toBe(150);
      for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
      expect(server.requests.filter((r) => r.replayed)).toHaveLength(1);
      expect(server.requests.every((r) => r.path === "/emails/batch")).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("through Resend: an address Resend refuses does not hold up the others, and is not retried", async () => {
    const db = database.db;
    const server = await startResendServer();
    try {
      const brand = await seedBrand(db);
      const { codeId } = await seedCode(db, brand.brandId);
      const shoppers = await seedShoppers(db, 120);
      const [broken] = await seedShoppers(db, 1, { domain: "nodot" }); // s0-…@nodot: Resend says 422
      const resend = createResendMailer({ apiKey: server.apiKey, baseUrl: server.url, from, sleep: async () => {} });
      const result = await announceCode(ports(resend), { codeId });
      expect(result.sent).toBe(120);
      const counts = server.countsByRecipient();
      expect(counts.size).toBe(120);
      for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
      expect(counts.get(broken!.email)).toBeUndefined();
      const [row] = await db
        .select({ id: emailDeliveries.providerMessageId })
        .from(emailDeliveries)
        .where(eq(emailDeliveries.dedupeKey, `code.created:${codeId}:${broken!.id}`));
      expect(row!.id).toBe("failed:validation_error");
      // Run again: nothing is retried, nobody gets a second email.
      expect((await announceCode(ports(resend), { codeId })).sent).toBe(0);
      expect(server.emails).toHaveLength(120);
    } finally {
      await server.close();
    }
  });

  it("skips shoppers who unsubscribed, and includes them again once they opt back in", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const first = await seedCode(db, brand.brandId);
    const [leaver, stayer] = await seedShoppers(db, 2);
    const link = new URL(unsubscribeUrl("https://discounts.test", leaver!.id, secret));
    expect(await unsubscribe(db, link.searchParams.get("token")!, secret)).toEqual({ email: leaver!.email });

    await announceCode(ports(), { codeId: first.codeId });
    expect((await mailboxFor(db, leaver!.email)).length).toBe(0);
    expect((await mailboxFor(db, stayer!.email)).length).toBe(1);

    await setNotificationOptIn(db, leaver!.id, true);
    const second = await seedCode(db, brand.brandId);
    await announceCode(ports(), { codeId: second.codeId });
    expect((await mailboxFor(db, leaver!.email)).length).toBe(1);
    expect((await mailboxFor(db, stayer!.email)).length).toBe(2);
  });

  it("stops between batches when asked and resumes without re-sending", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    await seedShoppers(db, 350);
    const stop = new AbortController();
    let batches = 0;
    await expect(
      announceCode(ports(), { codeId }, { signal: stop.signal, onBatch: () => void (++batches === 2 && stop.abort()) }),
    ).rejects.toThrow(/interrupted/);
    expect((await mailboxCounts(db)).size).toBe(200);
    const rest = await announceCode(ports(), { codeId });
    expect(rest.sent).toBe(150);
    const counts = await mailboxCounts(db);
    expect(counts.size).toBe(350);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("pages by a cursor: each batch starts after the last shopper of the previous one", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    const shoppers = (await seedShoppers(db, 7)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const p = { ...ports(), batchSize: 3 };
    const b1 = await announceCodeBatch(p, { codeId, after: null });
    expect(b1).toEqual({ sent: 3, recovered: false, nextCursor: shoppers[2]!.id, done: false });
    const b2 = await announceCodeBatch(p, { codeId, after: b1.nextCursor });
    expect(b2).toMatchObject({ sent: 3, nextCursor: shoppers[5]!.id, done: false });
    const b3 = await announceCodeBatch(p, { codeId, after: b2.nextCursor });
    expect(b3).toMatchObject({ sent: 1, nextCursor: shoppers[6]!.id, done: true });
  });
});
