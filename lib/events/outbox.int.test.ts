// The outbox on real databases: claiming with leases, and publishing to Inngest's event API
// (a local stand-in) right after commit and by the sweeper — each change published once, with
// its outbox event id as the Inngest event id.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import { startInngestEventServer, type InngestEventServer } from "../../test/inngest-event-server";
import { fixedClock } from "../clock";
import type { Database } from "../db";
import { outboxEvents } from "../db/schema";
import { createInngestClient } from "../inngest/client";
import { relayDispatcher } from "./dispatcher";
import { enqueueEvent } from "./outbox";
import { claimEvents, listFailedEvents, markFailedByEventId, markPublished, OUTBOX_RETENTION_MS, pruneOutbox, renewClaim } from "./outbox-store";
import { redriveFailedEvents } from "./redrive";
import { createOutboxRelay } from "./relay";

let inngest: InngestEventServer;
beforeAll(async () => {
  inngest = await startInngestEventServer();
});
afterAll(async () => {
  await inngest.close();
});

describe.each(testDatabases())("the outbox on $name", ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    database = await open();
    inngest.received.length = 0;
  });
  afterEach(async () => {
    await database.close();
  });

  async function enqueue(n: number) {
    const rows = [];
    for (let i = 0; i < n; i++) {
      rows.push(
        await database.db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: `code${i}`, brandId: "brd_1" } })),
      );
    }
    return rows;
  }
  const row = async (id: number) => (await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0]!;

  describe("claims", () => {
    it("hand each due row to one claimer until its lease runs out", async () => {
      const clock = fixedClock("2030-01-01T00:00:00Z");
      await enqueue(3);
      const db = database.db;
      const first = await claimEvents(db, { now: clock(), lockMs: 1000, limit: 2 });
      expect(first.map((r) => r.attempts)).toEqual([1, 1]);
      const second = await claimEvents(db, { now: clock(), lockMs: 1000, limit: 2 });
      expect(second).toHaveLength(1);
      expect(await claimEvents(db, { now: clock(), lockMs: 1000, limit: 2 })).toHaveLength(0);

      // The holder of the first claim dies; after its lease another claimer takes the rows over,
      // and the old holder can no longer renew or complete them.
      clock.advance(1001);
      const takeover = await claimEvents(db, { now: clock(), lockMs: 1000, limit: 10 });
      expect(takeover.map((r) => r.id).sort()).toEqual([...first, ...second].map((r) => r.id).sort());
      expect(await renewClaim(db, first[0]!, { now: clock(), lockMs: 1000 })).toBe(false);
      expect(await markPublished(db, first[0]!, { now: clock() })).toBe(false);
      const mine = takeover.find((r) => r.id === first[0]!.id)!;
      expect(await renewClaim(db, mine, { now: clock(), lockMs: 1000 })).toBe(true);
      expect(await markPublished(db, mine, { now: clock() })).toBe(true);
      expect((await row(mine.id)).publishedAt).not.toBeNull();
    });

    it("never give one row to two concurrent claimers", async () => {
      await enqueue(60);
      const now = new Date();
      const seen: number[] = [];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (;;) {
            const rows = await claimEvents(database.db, { now, lockMs: 60_000, limit: 4 });
            if (rows.length === 0) return;
            seen.push(...rows.map((r) => r.id));
          }
        }),
      );
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
    });
  });

  describe("publishing to Inngest", () => {
    const relayFor = (clock = fixedClock("2030-01-01T00:00:00Z")) => {
      const client = createInngestClient({ eventKey: inngest.eventKey, baseUrl: inngest.url });
      return createOutboxRelay({
        db: database.db,
        clock,
        publish: async (events) => void (await client.send(events)),
        logger: { error: () => {} },
      });
    };

    it("publishes a committed event with its outbox event id, once", async () => {
      const [e] = await enqueue(1);
      const relay = relayFor();
      expect(await relay.publishIds([e!.id])).toBe(1);
      expect(inngest.received).toEqual([
        expect.objectContaining({ id: e!.eventId, name: "discount/code.created", data: { codeId: "code0", brandId: "brd_1" } }),
      ]);
      expect((await row(e!.id)).publishedAt).not.toBeNull();
      // Published rows are never sent again, by a dispatch or by the sweeper.
      expect(await relay.publishIds([e!.id])).toBe(0);
      expect(await relay.sweep()).toBe(0);
      expect(inngest.received).toHaveLength(1);
    });

    it("publishes the dispatches of one turn of the event loop together: one call, each answered for its own rows", async () => {
      const events = await enqueue(5);
      const client = createInngestClient({ eventKey: inngest.eventKey, baseUrl: inngest.url });
      const calls: number[] = [];
      const relay = createOutboxRelay({
        db: database.db,
        clock: fixedClock("2030-01-01T00:00:00Z"),
        publish: async (batch) => {
          calls.push(batch.length);
          await client.send(batch);
        },
        logger: { error: () => {} },
      });
      const answers = await Promise.all(events.map((e) => relay.publishIds([e.id])));
      expect(answers).toEqual([1, 1, 1, 1, 1]);
      expect(calls).toEqual([5]);
      for (const e of events) expect((await row(e.id)).publishedAt).not.toBeNull();
      expect(await relay.publishIds([events[0]!.id])).toBe(0);
    });

    it("leaves a failed publish to the sweeper, which sends it after the back-off", async () => {
      const clock = fixedClock("2030-01-01T00:00:00Z");
      const relay = relayFor(clock);
      const [e] = await enqueue(1);
      inngest.failNext(10, 503);
      const dispatcher = relayDispatcher(relay);
      dispatcher.dispatch([e!.id]); // fire-and-forget: never throws
      await expect.poll(async () => (await row(e!.id)).lastError, { timeout: 30_000 }).toMatch(/503/);
      expect((await row(e!.id)).publishedAt).toBeNull();
      inngest.heal();
      inngest.received.length = 0;
      expect(await relay.sweep()).toBe(0); // still backing off
      clock.advance(60_000);
      expect(await relay.sweep()).toBe(1);
      expect([...inngest.uniqueIds()]).toEqual([e!.eventId]);
      expect((await row(e!.id)).publishedAt).not.toBeNull();
    });

    it("re-publishes an event whose publisher died before marking it under the same id (Inngest dedupes)", async () => {
      const clock = fixedClock("2030-01-01T00:00:00Z");
      const [e] = await enqueue(1);
      // A process claimed and sent it, then died before marking it published.
      const [claimed] = await claimEvents(database.db, { now: clock(), lockMs: 30_000, limit: 1 });
      const client = createInngestClient({ eventKey: inngest.eventKey, baseUrl: inngest.url });
      await client.send([{ id: claimed!.eventId, name: claimed!.name, data: claimed!.payload as Record<string, unknown> }]);
      // After the lease, the sweeper publishes it again — with the same event id.
      clock.advance(30_001);
      expect(await relayFor(clock).sweep()).toBe(1);
      expect(inngest.received.map((r) => r.id)).toEqual([e!.eventId, e!.eventId]);
      expect(inngest.uniqueIds().size).toBe(1);
    });

    it("never re-publishes a run that failed for good; re-drive publishes it under a fresh event id", async () => {
      const clock = fixedClock("2030-01-01T00:00:00Z");
      const relay = relayFor(clock);
      const [e] = await enqueue(1);
      expect(await relay.publishIds([e!.id])).toBe(1);
      // Inngest's onFailure (lib/inngest/functions.ts) records the run's failure on the row.
      const err = new Error("Resend batch send failed — invalid_api_key: key re_live_123 for ops@example.com is invalid");
      expect(await markFailedByEventId(database.db, e!.eventId, { now: clock(), error: err })).toBe(true);
      const failed = await row(e!.id);
      expect(failed.failedAt).not.toBeNull();
      expect(failed.publishedAt).not.toBeNull(); // it was handed to Inngest; failed_at says how that ended
      expect(failed.lastError).toBe("Error: Resend batch send failed — invalid_api_key: key re_live_123 for [email] is invalid");
      clock.advance(3_600_000);
      expect(await relay.sweep()).toBe(0);
      expect(await relay.publishIds([e!.id])).toBe(0);
      expect(inngest.received).toHaveLength(1);

      const result = await redriveFailedEvents(database.db, { now: clock(), publish: (ids) => relay.publishIds(ids) });
      expect(result).toMatchObject({ requeued: 1, published: 1 });
      expect(inngest.received.map((r) => r.id)).toEqual([e!.eventId, `${e!.eventId}:r1`]);
      expect(await row(e!.id)).toMatchObject({ eventId: `${e!.eventId}:r1`, failedAt: null, attempts: 1 });
      expect((await row(e!.id)).publishedAt).not.toBeNull();

      // Failing again and re-driven again: yet another id (Inngest keeps ids for 24 h).
      await markFailedByEventId(database.db, `${e!.eventId}:r1`, { now: clock(), error: new Error("again") });
      await redriveFailedEvents(database.db, { ids: [e!.id], now: clock(), publish: (ids) => relay.publishIds(ids) });
      expect(inngest.received.map((r) => r.id).at(-1)).toBe(`${e!.eventId}:r2`);
      // A late failure report for an id the row no longer carries changes nothing.
      expect(await markFailedByEventId(database.db, e!.eventId, { now: clock(), error: new Error("stale") })).toBe(false);
      expect((await row(e!.id)).failedAt).toBeNull();
    });

    it("sweeps everything a crash left behind, in batches", async () => {
      const rows = await enqueue(7);
      const relay = createOutboxRelay({
        db: database.db,
        batchSize: 3,
        publish: async (events) =>
          void (await createInngestClient({ eventKey: inngest.eventKey, baseUrl: inngest.url }).send(events)),
      });
      expect(await relay.sweep()).toBe(7);
      expect(inngest.uniqueIds()).toEqual(new Set(rows.map((r) => r.eventId)));
      expect(inngest.received).toHaveLength(7);
    });
  });

  describe("failed events and retention", () => {
    it("lists failed events by brand and name", async () => {
      const now = new Date();
      const mk = (brandId: string, name: "discount/code.created" | "discount/code.redeemed") =>
        database.db.transaction((tx) =>
          name === "discount/code.created"
            ? enqueueEvent(tx, { name, payload: { codeId: `c_${brandId}`, brandId } })
            : enqueueEvent(tx, { name, payload: { usageId: `u_${brandId}`, codeId: `c_${brandId}`, brandId, userId: "usr_1" } }),
        );
      const a1 = await mk("brd_a", "discount/code.created");
      const a2 = await mk("brd_a", "discount/code.redeemed");
      const b1 = await mk("brd_b", "discount/code.created");
      await mk("brd_a", "discount/code.created"); // pending, not failed
      for (const e of [a1, a2, b1]) await markFailedByEventId(database.db, e.eventId, { now: now, error: new Error("boom") });
      expect((await listFailedEvents(database.db, { brandId: "brd_a" })).map((e) => e.id).sort()).toEqual([a1.id, a2.id].sort());
      expect((await listFailedEvents(database.db, { brandId: "brd_a", name: "discount/code.redeemed" })).map((e) => e.id)).toEqual([a2.id]);
      expect((await listFailedEvents(database.db, {})).map((e) => e.id).sort()).toEqual([a1.id, a2.id, b1.id].sort());
    });

    it("prunes only rows published longer ago than the retention, never pending or failed ones", async () => {
      const now = new Date("2030-01-31T00:00:00Z");
      const [old, recent, pendingOld, failedOld] = await enqueue(4);
      const ago = (ms: number) => new Date(now.getTime() - ms);
      const set = (id: number, v: Partial<typeof outboxEvents.$inferInsert>) =>
        database.db.update(outboxEvents).set(v).where(eq(outboxEvents.id, id));
      await set(old!.id, { createdAt: ago(OUTBOX_RETENTION_MS + 60_000), publishedAt: ago(OUTBOX_RETENTION_MS + 1000) });
      await set(recent!.id, { createdAt: ago(OUTBOX_RETENTION_MS + 60_000), publishedAt: ago(OUTBOX_RETENTION_MS - 1000) });
      await set(pendingOld!.id, { createdAt: ago(OUTBOX_RETENTION_MS * 3), availableAt: ago(OUTBOX_RETENTION_MS * 3) });
      await set(failedOld!.id, { publishedAt: ago(OUTBOX_RETENTION_MS * 2), failedAt: ago(OUTBOX_RETENTION_MS * 2) });
      expect(await pruneOutbox(database.db, { now, retentionMs: OUTBOX_RETENTION_MS, batch: 1 })).toBe(1);
      const left = (await database.db.select({ id: outboxEvents.id }).from(outboxEvents)).map((r) => r.id).sort();
      expect(left).toEqual([recent!.id, pendingOld!.id, failedOld!.id].sort());
      expect(await pruneOutbox(database.db, { now })).toBe(0);
    });
  });
});
