// The overview's failed notifications on real databases: only the brand's own failed events
// (payload->>'brandId'), newest first, with the error redacted.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "@/test/db";
import type { Database } from "@/lib/db";
import { outboxEvents } from "@/lib/db/schema";
import { enqueueEvent } from "@/lib/events/outbox";
import { markFailedByEventId } from "@/lib/events/outbox-store";
import { failedNotifications } from "./failed-notifications";

describe.each(testDatabases())("failed notifications of a brand on $name", ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => {
    await database.close();
  });

  it("lists the brand's failed events only, newest failure first, redacted", async () => {
    const db = database.db;
    const created = (brandId: string) => db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: `c_${brandId}_${Math.random()}`, brandId } }));
    const redeemed = (brandId: string) =>
      db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.redeemed", payload: { usageId: `u_${Math.random()}`, codeId: "c", brandId, userId: "usr_1" } }));
    const mine1 = await created("brd_mine");
    const mine2 = await redeemed("brd_mine");
    const theirs = await created("brd_theirs");
    await created("brd_mine"); // pending: not failed
    const done = await redeemed("brd_mine");
    await db.update(outboxEvents).set({ publishedAt: new Date() }).where(eq(outboxEvents.id, done.id)); // delivered

    await markFailedByEventId(db, mine1.eventId, { now: new Date("2030-01-01T10:00:00Z"), error: new Error("Resend refused jane@example.com") });
    await markFailedByEventId(db, mine2.eventId, { now: new Date("2030-01-01T11:00:00Z"), error: new Error("provider down") });
    await markFailedByEventId(db, theirs.eventId, { now: new Date("2030-01-01T12:00:00Z"), error: new Error("other brand") });
    // A row written before last_error was redacted on the way in.
    await db.update(outboxEvents).set({ lastError: "Error: key dsc_live_abcdef for bob@example.com", attempts: 8 }).where(eq(outboxEvents.id, mine2.id));

    const list = await failedNotifications(db, { brandId: "brd_mine" });
    expect(list.map((f) => f.id)).toEqual([mine2.id, mine1.id]);
    expect(list[0]).toMatchObject({
      name: "discount/code.redeemed",
      label: "Usage notice to your admins",
      attempts: 8,
      lastError: "Error: key dsc_[redacted] for [email]",
      failedAt: new Date("2030-01-01T11:00:00Z"),
    });
    expect(list[1]).toMatchObject({ name: "discount/code.created", lastError: "Error: Resend refused [email]" });
    expect(await failedNotifications(db, { brandId: "brd_nobody" })).toEqual([]);
  });
});
