// The in-process outbox worker on real databases: it runs each committed event's job once,
// retries failures, hands work back when stopped, takes over events whose worker died, and two
// workers never run one event.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import type { Database } from "../db";
import { outboxEvents } from "../db/schema";
import { workerDispatcher } from "./dispatcher";
import { enqueueEvent } from "./outbox";
import { claimEvents } from "./outbox-store";
import { createOutboxWorker, type EventHandler, type OutboxWorker } from "./worker";

const quiet = { error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabases())("the outbox worker on $name", ({ open }) => {
  let database: Database;
  const workers: OutboxWorker[] = [];
  beforeEach(async () => {
    database = await open();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await database.close();
  });

  const worker = (handle: EventHandler, opts: Partial<Parameters<typeof createOutboxWorker>[0]> = {}) => {
    const w = createOutboxWorker({ db: database.db, handle, pollMs: 20, logger: quiet, ...opts });
    workers.push(w);
    return w;
  };
  const enqueue = (codeId: string) =>
    database.db.transaction((tx) => enqueueEvent(tx, "discount/code.created", { codeId, brandId: "brd_1" }));
  const row = async (id: number) => (await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0]!;
  const published = async (id: number) => (await row(id)).publishedAt !== null;

  it("runs a committed event's job once, as soon as it is dispatched", async () => {
    const runs: string[] = [];
    // A long poll: only the dispatch after commit can make it this quick.
    const w = worker(async (e) => void runs.push(`${e.name}:${(e.payload as { codeId: string }).codeId}`), { pollMs: 3_600_000 });
    w.start();
    await sleep(50); // the first (empty) round is over; the worker now sleeps
    const e = await enqueue("c1");
    workerDispatcher(w).dispatch([e.id]);
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(runs).toEqual(["discount/code.created:c1"]);
    await sleep(100);
    expect(runs).toHaveLength(1);
  });

  it("retries a failed job with back-off and records the error meanwhile", async () => {
    let calls = 0;
    const w = worker(
      async () => {
        if (++calls === 1) throw new Error("provider down");
      },
      { retryBaseMs: 200 },
    );
    const e = await enqueue("c1");
    w.start();
    await expect.poll(() => calls, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await row(e.id)).lastError, { timeout: 30_000 }).toBe("Error: provider down");
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(calls).toBe(2);
    expect(await row(e.id)).toMatchObject({ attempts: 2, lastError: null, lockedUntil: null });
  });

  it("when stopped, interrupts a job between batches and hands its event back for the next start", async () => {
    let batches = 0;
    const job: EventHandler = async (_e, { signal }) => {
      for (;;) {
        if (signal.aborted) throw Object.assign(new Error("stopped"), { name: "JobInterrupted" });
        if (++batches >= 1_000_000) return;
        await sleep(5);
      }
    };
    const e = await enqueue("c1");
    const first = worker(job);
    first.start();
    await expect.poll(() => batches, { timeout: 30_000 }).toBeGreaterThan(3);
    await first.stop();
    expect(await row(e.id)).toMatchObject({ publishedAt: null, lockedUntil: null, attempts: 0, lastError: null });

    const done: number[] = [];
    const second = worker(async (ev) => void done.push(ev.eventId === e.eventId ? 1 : 0));
    second.start();
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(done).toEqual([1]);
  });

  it("takes over an event whose worker died, once its lease has run out", async () => {
    const e = await enqueue("c1");
    // A worker claimed it and died: the lease (300 ms) is never renewed.
    await claimEvents(database.db, { now: new Date(), lockMs: 300, limit: 1 });
    const runs: number[] = [];
    const w = worker(async () => void runs.push(1));
    w.start();
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(runs).toEqual([1]);
    expect((await row(e.id)).attempts).toBe(2);
  });

  it("keeps renewing the lease of a long job, so no other worker starts it meanwhile", async () => {
    const e = await enqueue("long");
    const starts: string[] = [];
    const slow = (name: string): EventHandler => async () => {
      starts.push(name);
      await sleep(4000);
    };
    const a = worker(slow("a"), { lockMs: 1500 });
    const b = worker(slow("b"), { lockMs: 1500 });
    a.start();
    await expect.poll(() => starts.length, { timeout: 30_000 }).toBe(1);
    b.start();
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(starts).toHaveLength(1);
  });

  it("two workers draining one outbox run every event exactly once", async () => {
    const events: { id: number }[] = [];
    for (let i = 0; i < 40; i++) events.push(await enqueue(`c${i}`));
    const runs = new Map<string, number>();
    const handle: EventHandler = async (e) => {
      runs.set(e.eventId, (runs.get(e.eventId) ?? 0) + 1);
      await sleep(3);
    };
    worker(handle, { batchSize: 3 }).start();
    worker(handle, { batchSize: 3 }).start();
    await expect.poll(async () => (await Promise.all(events.map((e) => published(e.id)))).every(Boolean), { timeout: 60_000 }).toBe(true);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it("survives its database failing under it: logs, backs off, and still stops cleanly", async () => {
    const errors: string[] = [];
    const broken = await open();
    await broken.close();
    const w = createOutboxWorker({ db: broken.db, handle: async () => {}, pollMs: 10, logger: { error: (m) => void errors.push(m) } });
    w.start();
    await expect.poll(() => errors.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(w.running).toBe(true);
    await w.stop();
    expect(w.running).toBe(false);
  });
});
