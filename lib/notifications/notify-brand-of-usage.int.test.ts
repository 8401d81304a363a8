// notifyBrandOfUsage on real databases: each admin of the brand gets one notice with the
// shopper, the code and the amounts — once, however often the job runs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { mailboxCounts, mailboxFor, seedBrand, seedCode, seedShoppers, seedUsage } from "../../test/notification-fixtures";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { createMailboxMailer } from "../mail/mailbox";
import type { Mailer } from "../mail/types";
import { notifyBrandOfUsage } from "./notify-brand-of-usage";
import type { NotificationPorts } from "./ports";

const from = "Discounts <no-reply@discounts.test>";

describe.each(testDatabases())("notifying a brand of a usage on $name", ({ open }) => {
  let database: Database;
  let ports: (mailer?: Mailer) => NotificationPorts;
  beforeEach(async () => {
    database = await open();
    ports = (mailer) => ({
      db: database.db,
      mailer: mailer ?? createMailboxMailer({ db: database.db, from }),
      clock: systemClock,
      appUrl: "https://discounts.test",
      unsubscribeSecret: "notify-test-secret-0123456789",
    });
  });
  afterEach(async () => {
    await database.close();
  });

  async function scenario(admins = 2) {
    const db = database.db;
    const brand = await seedBrand(db, { name: "Northwind Supply", admins });
    const other = await seedBrand(db, { name: "Other Brand", admins: 1 });
    const { codeId } = await seedCode(db, brand.brandId, { code: "TRAIL15", percent: 15 });
    const [shopper] = await seedShoppers(db, 1);
    const usageId = await seedUsage(db, {
      codeId,
      brandId: brand.brandId,
      userId: shopper!.id,
      percent: 15,
      pricing: { currency: "USD", subtotal: 12300, eligibleSubtotal: 8900, discountAmount: 1335, total: 10965 },
    });
    return { brand, other, shopper: shopper!, usageId };
  }

  it("emails each of the brand's admins once, with the shopper, the code and the amounts", async () => {
    const { brand, other, shopper, usageId } = await scenario();
    expect(await notifyBrandOfUsage(ports(), { usageId })).toEqual({ sent: 2 });
    const counts = await mailboxCounts(database.db);
    expect(counts.size).toBe(2);
    for (const admin of brand.admins) expect(counts.get(admin.email)).toBe(1);
    expect(counts.get(other.admins[0]!.email)).toBeUndefined();
    expect(counts.get(shopper.email)).toBeUndefined();

    const [mail] = await mailboxFor(database.db, brand.admins[0]!.email);
    expect(mail!.subject).toBe(`Code TRAIL15 was used by ${shopper.name}`);
    for (const body of [mail!.html, mail!.text]) {
      expect(body).toContain(shopper.email);
      expect(body).toContain("TRAIL15 (15% off)");
      expect(body).toContain("US$123.00");
      expect(body).toContain("US$89.00");
      expect(body).toContain("−US$13.35");
      expect(body).toContain("US$109.65");
    }
  });

  it("sends nothing when the event is delivered again", async () => {
    const { usageId } = await scenario();
    await notifyBrandOfUsage(ports(), { usageId });
    expect(await notifyBrandOfUsage(ports(), { usageId })).toEqual({ sent: 0 });
    expect([...(await mailboxCounts(database.db)).values()]).toEqual([1, 1]);
  });

  it("a notice sent but never confirmed goes out once when the job is retried", async () => {
    const { brand, usageId } = await scenario(1);
    const inner = createMailboxMailer({ db: database.db, from });
    const keys: string[] = [];
    const crashing: Mailer = {
      kind: "mailbox",
      async send(m, o) {
        keys.push(o.idempotencyKey);
        await inner.send(m, o);
        throw new Error("crashed after sending");
      },
      sendBatch: (ms, o) => inner.sendBatch(ms, o),
    };
    await expect(notifyBrandOfUsage(ports(crashing), { usageId })).rejects.toThrow("crashed");
    const recording: Mailer = {
      kind: "mailbox",
      send: (m, o) => (keys.push(o.idempotencyKey), inner.send(m, o)),
      sendBatch: (ms, o) => inner.sendBatch(ms, o),
    };
    expect(await notifyBrandOfUsage(ports(recording), { usageId })).toEqual({ sent: 1 });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await mailboxFor(database.db, brand.admins[0]!.email)).length).toBe(1);
  });

  it("skips a usage that does not exist", async () => {
    expect(await notifyBrandOfUsage(ports(), { usageId: "use_missing" })).toEqual({ sent: 0, skipped: "usage_not_found" });
  });
});
