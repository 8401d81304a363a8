// Exactly once across instances and retries, on real databases, with the local mailbox and with
// Resend's API served locally (test/resend-server.ts): the idempotency key of a send comes from
// stable ids only (the job's code/usage id and the recipients' ids), never from APP_URL or the
// rendered content, so a batch re-sent by another instance — rendered with its own APP_URL — is
// still delivered once.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, seedBrand, seedCode, seedShoppers, seedUsage } from "../../test/notification-fixtures";
import { startResendServer, type ResendServer } from "../../test/resend-server";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { emailDeliveries } from "../db/schema";
import { isPermanentFailure } from "../events/errors";
import { createMailboxMailer } from "../mail/mailbox";
import { createResendMailer } from "../mail/resend";
import type { Mailer } from "../mail/types";
import { announceCode, announcementJobKey } from "./announce-code";
import { batchIdempotencyKey } from "./deliveries";
import { notifyBrandOfUsage, usageJobKey } from "./notify-brand-of-usage";
import type { NotificationPorts } from "./ports";

const from = "Discounts <no-reply@discounts.test>";
const secret = "exactly-once-secret-0123456789";

/** Sends through `inner`, then fails as if the answer was lost (the job dies before confirming). */
function lostAnswer(inner: Mailer): Mailer {
  return {
    kind: inner.kind,
    async send(m, o) {
      await inner.send(m, o);
      throw new Error("connection reset after sending");
    },
    async sendBatch(ms, o) {
      await inner.sendBatch(ms, o);
      throw new Error("connection reset after sending");
    },
  };
}

let resend: ResendServer;
beforeAll(async () => {
  resend = await startResendServer();
});
afterAll(async () => {
  await resend.close();
});

describe("batch idempotency keys", () => {
  it("depend on the job and the recipients only: not on their order, content or APP_URL", () => {
    const a = { dedupeKey: "code.redeemed:use_1:usr_a", message: { to: "a@x.test", subject: "s", html: "https://one.test", text: "" } };
    const b = { dedupeKey: "code.redeemed:use_1:usr_b", message: { to: "b@x.test", subject: "s", html: "https://two.test", text: "" } };
    const k = batchIdempotencyKey("code.redeemed:use_1", [a, b]);
    expect(batchIdempotencyKey("code.redeemed:use_1", [b, { ...a, message: { ...a.message, html: "https://other.test" } }])).toBe(k);
    expect(batchIdempotencyKey("code.redeemed:use_1", [a])).not.toBe(k);
    expect(batchIdempotencyKey("code.redeemed:use_2", [a, b])).not.toBe(k);
    expect(k).not.toMatch(/one\.test|two\.test/);
  });
});

describe.each(testDatabases())("exactly once on $name", ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
    resend.reset();
  });
  afterEach(async () => {
    await database.close();
  });

  const ports = (mailer: Mailer, appUrl: string): NotificationPorts => ({
    db: database.db,
    mailer,
    clock: systemClock,
    appUrl,
    unsubscribeSecret: secret,
  });
  const resendMailer = (apiKey = resend.apiKey) =>
    createResendMailer({ apiKey, baseUrl: resend.url, from, maxAttempts: 1, sleep: async () => {} });

  async function usageOf(admins: number) {
    const brand = await seedBrand(database.db, { admins });
    const { codeId } = await seedCode(database.db, brand.brandId);
    const [shopper] = await seedShoppers(database.db, 1);
    const usageId = await seedUsage(database.db, { codeId, brandId: brand.brandId, userId: shopper!.id });
    return { brand, usageId };
  }

  it("two instances with different APP_URLs send one usage notice per admin (mailbox)", async () => {
    const { brand, usageId } = await usageOf(2);
    const mailbox = createMailboxMailer({ db: database.db, from });
    await expect(notifyBrandOfUsage(ports(lostAnswer(mailbox), "https://a.discounts.test"), { usageId })).rejects.toThrow("connection reset");
    expect(await notifyBrandOfUsage(ports(mailbox, "https://b.discounts.test/"), { usageId })).toEqual({ sent: 2 });
    const counts = await mailboxCounts(database.db);
    expect([...counts.entries()].sort()).toEqual(brand.admins.map((a) => [a.email, 1]).sort());
    // The dedupe keys are the usage id and each admin's user id.
    const keys = (await database.db.select({ k: emailDeliveries.dedupeKey }).from(emailDeliveries).where(eq(emailDeliveries.jobKey, usageJobKey(usageId)))).map((r) => r.k);
    expect(keys.sort()).toEqual(brand.admins.map((a) => `code.redeemed:${usageId}:${a.id}`).sort());
  });

  it("two instances with different APP_URLs send one usage notice per admin (Resend: same Idempotency-Key, the replay is not sent)", async () => {
    const { brand, usageId } = await usageOf(2);
    resend.failNext(1, { status: 500, afterAccepting: true });
    await expect(notifyBrandOfUsage(ports(resendMailer(), "https://a.discounts.test"), { usageId })).rejects.toMatchObject({ name: "MailDeliveryError" });
    expect(await notifyBrandOfUsage(ports(resendMailer(), "https://b.discounts.test"), { usageId })).toEqual({ sent: 2 });
    expect(resend.requests.map((r) => r.idempotencyKey)).toEqual([resend.requests[0]!.idempotencyKey, resend.requests[0]!.idempotencyKey]);
    expect(resend.requests[1]).toMatchObject({ status: 409 }); // Resend: that key was used (for other content) — so it went out
    expect([...resend.countsByRecipient().entries()].sort()).toEqual(brand.admins.map((a) => [a.email, 1]).sort());
    const pending = await database.db.select().from(emailDeliveries).where(eq(emailDeliveries.jobKey, usageJobKey(usageId)));
    expect(pending.every((p) => p.providerMessageId !== null)).toBe(true);
    // Delivered a third time: nothing left to send, no request made.
    expect(await notifyBrandOfUsage(ports(resendMailer(), "https://c.discounts.test"), { usageId })).toEqual({ sent: 0 });
    expect(resend.requests).toHaveLength(2);
  });

  it("a re-sent announcement batch carries the first one's Idempotency-Key, and Resend sends it once", async () => {
    const brand = await seedBrand(database.db);
    const { codeId } = await seedCode(database.db, brand.brandId);
    const shoppers = await seedShoppers(database.db, 3);
    resend.failNext(1, { status: 503, afterAccepting: true });
    await expect(announceCode(ports(resendMailer(), "https://a.discounts.test"), { codeId })).rejects.toMatchObject({ name: "MailDeliveryError" });
    // The retry re-renders (here even on another instance); the key stays the batch's.
    const r = await announceCode(ports(resendMailer(), "https://a.discounts.test"), { codeId });
    expect(r.sent).toBe(3);
    const batches = resend.requests.filter((q) => q.path === "/emails/batch");
    expect(batches).toHaveLength(2);
    expect(batches[1]!.idempotencyKey).toBe(batches[0]!.idempotencyKey);
    expect(batches[1]).toMatchObject({ replayed: true, status: 200 });
    expect(batches[0]!.idempotencyKey!.startsWith(`${announcementJobKey(codeId)}:`)).toBe(true);
    const counts = resend.countsByRecipient();
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
    expect(counts.size).toBe(3);
  });

  it("a re-sent announcement batch rendered with another APP_URL is still sent once", async () => {
    const brand = await seedBrand(database.db);
    const { codeId } = await seedCode(database.db, brand.brandId);
    const shoppers = await seedShoppers(database.db, 3);
    resend.failNext(1, { status: 503, afterAccepting: true });
    await expect(announceCode(ports(resendMailer(), "https://a.discounts.test"), { codeId })).rejects.toThrow();
    expect((await announceCode(ports(resendMailer(), "https://b.discounts.test"), { codeId })).sent).toBe(3);
    const counts = resend.countsByRecipient();
    for (const s of shoppers) expect(counts.get(s.email)).toBe(1);
    expect(resend.emails.every((e) => e.html!.includes("https://a.discounts.test"))).toBe(true);
  });

  it("a provider refusing the API key is a permanent failure (the worker fails the event at once)", async () => {
    const brand = await seedBrand(database.db);
    const { codeId } = await seedCode(database.db, brand.brandId);
    await seedShoppers(database.db, 2);
    const err = await announceCode(ports(resendMailer("re_revoked_key"), "https://a.discounts.test"), { codeId }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "MailDeliveryError", status: 403, retryable: false });
    expect(isPermanentFailure(err)).toBe(true);
  });
});
