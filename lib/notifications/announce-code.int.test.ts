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
    expect(mail!.headers["List-Unsubscribe"]).toBe(`<${unsubscribeUrl("https://discounts.test", { userId: shoppers[0]!.id, secret })}>`);
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

  it("pages of 100: re-sends a batch that went out but was never confirmed with the same key, so it arrives once", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    const shoppers = await seedShoppers(db, 230);
    const paged = (m: Mailer) => ({ ...ports(m), pageSize: 100 });
    // The process "dies" right after the provider accepted the second batch.
    const crashing = spyMailer(createMailboxMailer({ db, from }), {
      afterSend: (call) => {
        if (call === 2) throw new Error("crashed after sending");
      },
    });
    await expect(announceCode(paged(crashing.mailer), { codeId })).rejects.toThrow("crashed after sending");
    const [pending] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
    expect(Number(pending!.n)).toBe(100);

    const resumed = spyMailer(createMailboxMailer({ db, from }));
    const result = await announceCode(paged(resumed.mailer), { codeId });
    expect(result.sent).toBe(130); // the recovered batch (100, delivered once) + the last 30
    expect(resumed.calls[0]!.key).toBe(crashing.calls[1]!.key);
    const counts = await mailboxCounts(db);
    expect(counts.size).toBe(230);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
  });

  it("through Resend, pages of 100: a batch Resend accepted while the job failed is delivered once", async () => {
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
      const paged = { ...ports(resend), pageSize: 100 };
      await expect(announceCode(paged, { codeId })).rejects.toMatchObject({ name: "MailDeliveryError", retryable: true });
      expect(server.emails).toHaveLength(100);

      // A 429 on the way back up, for good measure.
      server.failNext(1, { status: 429, retryAfter: 0 });
      const result = await announceCode(paged, { codeId });
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
    const link = new URL(unsubscribeUrl("https://discounts.test", { userId: leaver!.id, secret }));
    expect(await unsubscribe(db, { token: link.searchParams.get("token")!, secret })).toEqual({ email: leaver!.email });

    await announceCode(ports(), { codeId: first.codeId });
    expect((await mailboxFor(db, leaver!.email)).length).toBe(0);
    expect((await mailboxFor(db, stayer!.email)).length).toBe(1);

    await setNotificationOptIn(db, { userId: leaver!.id, notifyNewCodes: true });
    const second = await seedCode(db, brand.brandId);
    await announceCode(ports(), { codeId: second.codeId });
    expect((await mailboxFor(db, leaver!.email)).length).toBe(1);
    expect((await mailboxFor(db, stayer!.email)).length).toBe(2);
  });

  it("stops between pages when asked and resumes without re-sending", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    await seedShoppers(db, 350);
    const stop = new AbortController();
    let batches = 0;
    await expect(
      announceCode({ ...ports(), pageSize: 100 }, { codeId }, { signal: stop.signal, onBatch: () => void (++batches === 2 && stop.abort()) }),
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
    const p = { ...ports(), pageSize: 3 };
    const b1 = await announceCodeBatch(p, { codeId, after: null });
    expect(b1).toEqual({ sent: 3, recovered: false, nextCursor: shoppers[2]!.id, done: false });
    const b2 = await announceCodeBatch(p, { codeId, after: b1.nextCursor });
    expect(b2).toMatchObject({ sent: 3, nextCursor: shoppers[5]!.id, done: false });
    const b3 = await announceCodeBatch(p, { codeId, after: b2.nextCursor });
    expect(b3).toMatchObject({ sent: 1, nextCursor: shoppers[6]!.id, done: true });
  });

  it("pages of 1,000 by default: each sent in calls of ≤ 100, several in flight, claimed and confirmed in one statement each", async () => {
    const db = database.db;
    const brand = await seedBrand(db);
    const { codeId } = await seedCode(db, brand.brandId);
    const shoppers = await seedShoppers(db, 1_050);
    let inFlight = 0;
    let maxInFlight = 0;
    const inner = createMailboxMailer({ db, from });
    const sizes: number[] = [];
    // A provider (not the local mailbox, which the job sends to one call at a time) that stores
    // into the mailbox, slowly enough for calls to overlap.
    const mailer: Mailer = {
      kind: "resend",
      send: (m, o) => inner.send(m, o),
      async sendBatch(ms, o) {
        sizes.push(ms.length);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          await new Promise((r) => setTimeout(r, 5));
          return await inner.sendBatch(ms, o);
        } finally {
          inFlight--;
        }
      },
    };
    const pages: number[] = [];
    const result = await announceCode(ports(mailer), { codeId }, { onBatch: (r) => void pages.push(r.sent) });
    expect(result).toMatchObject({ sent: 1_050, batches: 2 });
    expect(pages).toEqual([1_000, 50]);
    expect(sizes).toEqual([...Array(10).fill(100), 50]);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    const counts = await mailboxCounts(db);
    expect(counts.size).toBe(1_050);
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
    const [pending] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
    expect(Number(pending!.n)).toBe(0);
  });

  it("through Resend, pages of 1,000: a call failing mid-page leaves the calls in flight confirmed; the rest are re-sent under their keys, once each", async () => {
    const db = database.db;
    const server = await startResendServer();
    try {
      const brand = await seedBrand(db);
      const { codeId } = await seedCode(db, brand.brandId);
      const shoppers = await seedShoppers(db, 1_000);
      const resend = createResendMailer({ apiKey: server.apiKey, baseUrl: server.url, from, maxAttempts: 1, sleep: async () => {} });
      // The first call to arrive is sent by Resend, but its answer is a 500: the job fails there.
      server.failNext(1, { status: 500, afterAccepting: true });
      await expect(announceCode(ports(resend), { codeId })).rejects.toMatchObject({ name: "MailDeliveryError" });
      const first = server.requests.map((r) => r.idempotencyKey);
      expect(first.length).toBeGreaterThanOrEqual(1);
      expect(first.length).toBeLessThan(10); // no call starts after the failure
      const [pending] = await db.select({ n: count() }).from(emailDeliveries).where(isNull(emailDeliveries.providerMessageId));
      // Only the failed batch and the never-sent ones are left pending: the others are confirmed.
      expect(Number(pending!.n)).toBe(1_000 - (first.length - 1) * 100);

      const result = await announceCode(ports(resend), { codeId });
      expect(result.sent).toBe(Number(pending!.n));
      const replays = server.requests.filter((r) => r.replayed);
      expect(replays).toHaveLength(1); // the failed batch, under its first key: not sent again
      expect(first).toContain(replays[0]!.idempotencyKey);
      const counts = server.countsByRecipient();
      expect(counts.size).toBe(1_000);
      for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
      expect(server.requests.every((r) => r.count <= 100)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
