// Retention of email_deliveries on real databases: rows of finished jobs go after 30 days; a row
// a job or a re-drive may still need (its job has unconfirmed rows, or its outbox event is pending
// or failed) stays, whatever its age.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import type { Database } from "../db";
import { emailDeliveries, outboxEvents } from "../db/schema";
import { enqueueEvent } from "../events/outbox";
import { DELIVERY_RETENTION_MS, pruneDeliveries } from "./deliveries";

describe.each(testDatabases())("pruning email deliveries on $name", ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => {
    await database.close();
  });

  it("deletes only confirmed rows of finished jobs older than the retention", async () => {
    const db = database.db;
    const now = new Date("2030-03-01T00:00:00Z");
    const old = new Date(now.getTime() - DELIVERY_RETENTION_MS - 60_000);
    const recent = new Date(now.getTime() - DELIVERY_RETENTION_MS + 60_000);
    const row = (jobKey: string, user: string, createdAt: Date, providerMessageId: string | null) => ({
      dedupeKey: `${jobKey}:${user}`,
      jobKey,
      to: `${user}@x.test`,
      template: "usage-notice",
      providerMessageId,
      createdAt,
    });
    await db.insert(emailDeliveries).values([
      row("code.redeemed:use_done", "usr_1", old, "re_1"), // finished, old → deleted
      row("code.redeemed:use_done", "usr_2", old, "skipped:recipient_gone"), // finished, old → deleted
      row("code.redeemed:use_recent", "usr_1", recent, "re_2"), // too recent → kept
      row("code.created:cod_open", "usr_1", old, "re_3"), // its job has an unconfirmed row → kept
      row("code.created:cod_open", "usr_2", old, null),
      row("code.created:cod_failed", "usr_1", old, "re_4"), // its outbox event failed (re-drive needs it) → kept
      row("code.redeemed:use_pending", "usr_1", old, "re_5"), // its outbox event is pending → kept
      row("code.redeemed:use_published", "usr_1", old, "re_6"), // its outbox event was published → deleted
    ]);
    const failed = await db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: "cod_failed", brandId: "brd_1" } }));
    await db.update(outboxEvents).set({ failedAt: old, publishedAt: old }).where(eq(outboxEvents.id, failed.id));
    await db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.redeemed", payload: { usageId: "use_pending", codeId: "c", brandId: "brd_1", userId: "u" } }));
    const published = await db.transaction((tx) =>
      enqueueEvent(tx, { name: "discount/code.redeemed", payload: { usageId: "use_published", codeId: "c", brandId: "brd_1", userId: "u" } }),
    );
    await db.update(outboxEvents).set({ publishedAt: old }).where(eq(outboxEvents.id, published.id));

    expect(await pruneDeliveries(db, { now, retentionMs: DELIVERY_RETENTION_MS, batch: 2 })).toBe(3);
    const left = (await db.select({ k: emailDeliveries.dedupeKey }).from(emailDeliveries)).map((r) => r.k).sort();
    expect(left).toEqual(
      [
        "code.redeemed:use_recent:usr_1",
        "code.created:cod_open:usr_1",
        "code.created:cod_open:usr_2",
        "code.created:cod_failed:usr_1",
        "code.redeemed:use_pending:usr_1",
      ].sort(),
    );
    expect(await pruneDeliveries(db, { now })).toBe(0);
  });
});
