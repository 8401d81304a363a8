// The in-process outbox worker on real databases: it runs each committed event's job once,
// retries failures, hands work back when stopped, takes over events whose worker died, and two
// workers never run one event.
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import type { Database } from "../db";
import { outboxEvents } from "../db/schema";
import { MailDeliveryError } from "../mail/types";
import { workerDispatcher } from "./dispatcher";
import { enqueueEvent } from "./outbox";
import { claimEvents } from "./outbox-store";
import { redriveFailedEvents } from "./redrive";
import { createOutboxWorker, type EventHandler, type OutboxWorker } from "./worker";

const quiet = { error: () => {} };
/** A job's own work taking time (the behaviour under test), never a wait for an effect. */
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
    database.db.transaction((tx) => enqueueEvent(tx, { name: "discount/code.created", payload: { codeId, brandId: "brd_1" } }));
  const row = async (id: number) => (await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id)))[0]!;
  const published = async (id: number) => (await row(id)).publishedAt !== null;

  it("runs a committed event's job once, as soon as it is dispatched", async () => {
    const runs: string[] = [];
    // The first round looks an hour back, so it can never see the event enqueued below; with a
    // long poll, only the dispatch after commit can start the round that runs it.
    let clockCalls = 0;
    const clock = () => new Date(Date.now() - (clockCalls++ === 0 ? 3_600_000 : 0));
    const w = worker(async (e) => void runs.push(`${e.name}:${(e.payload as { codeId: string }).codeId}`), { pollMs: 3_600_000, clock });
    w.start();
    await expect.poll(() => clockCalls, { timeout: 30_000 }).toBeGreaterThan(0); // the first round has begun
    const e = await enqueue("c1");
    workerDispatcher(w).dispatch([e.id]);
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(runs).toEqual(["discount/code.created:c1"]);
    // Another round finds nothing left to run.
    expect(await w.drainOnce()).toBe(0);
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

  it("gives a poison event up after maxAttempts: failed_at, a redacted last_error, never picked again", async () => {
    let calls = 0;
    // What drizzle throws for a failed query: its own text carries the bound parameters.
    const poison = () =>
      new Error("Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: jane@example.com,$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", {
        cause: Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
          name: "PostgresError",
          code: "23505",
          constraint_name: "users_email_key",
          detail: "Key (email)=(jane@example.com) already exists.",
        }),
      });
    const w = worker(
      async () => {
        calls++;
        throw poison();
      },
      { retryBaseMs: 10, maxAttempts: 3 },
    );
    const e = await enqueue("poison");
    w.start();
    await expect.poll(async () => (await row(e.id)).failedAt, { timeout: 30_000 }).not.toBeNull();
    const r = await row(e.id);
    expect(calls).toBe(3);
    expect(r).toMatchObject({ attempts: 3, publishedAt: null, lockedUntil: null });
    expect(r.lastError).toBe('PostgresError 23505 (users_email_key): duplicate key value violates unique constraint "users_email_key"');
    expect(r.lastError).not.toMatch(/jane|argon2|params/);
    // A round after it was given up does not pick it up again.
    expect(await w.drainOnce()).toBe(0);
    expect(calls).toBe(3);
    expect((await row(e.id)).attempts).toBe(3);
  });

  it("fails a permanent error at once: a provider refusing the key, a payload that fails its schema", async () => {
    const seen: string[] = [];
    const w = worker(
      async (ev) => {
        seen.push(ev.eventId);
        throw new MailDeliveryError("Resend batch send failed after 1 attempt(s) — invalid_api_key: API key is invalid", { status: 403, retryable: false });
      },
      { retryBaseMs: 10 },
    );
    const refused = await enqueue("refused");
    const malformed = await database.db.transaction((tx) =>
      enqueueEvent(tx, { name: "discount/code.created", payload: { codeId: "", brandId: 42 } as unknown as { codeId: string; brandId: string } }),
    );
    w.start();
    await expect.poll(async () => [(await row(refused.id)).failedAt, (await row(malformed.id)).failedAt].every(Boolean), { timeout: 30_000 }).toBe(true);
    expect(await row(refused.id)).toMatchObject({ attempts: 1, lastError: "MailDeliveryError: Resend batch send failed after 1 attempt(s) — invalid_api_key: API key is invalid" });
    expect(await row(malformed.id)).toMatchObject({ attempts: 1 });
    expect((await row(malformed.id)).lastError).toMatch(/^PermanentJobError: The payload of discount\/code.created does not match its schema \(codeId, brandId\)/);
    expect(seen).toEqual([refused.eventId]); // the malformed payload never reached the job
  });

  it("gives up on an event claimed maxAttempts times without an outcome (a job that kills its process)", async () => {
    const e = await enqueue("crashy");
    for (let i = 0; i < 3; i++) await claimEvents(database.db, { now: new Date(Date.now() + i * 10), lockMs: 1, limit: 1 });
    const runs: number[] = [];
    worker(async () => void runs.push(1), { maxAttempts: 3 }).start();
    await expect.poll(async () => (await row(e.id)).failedAt, { timeout: 30_000 }).not.toBeNull();
    expect(runs).toEqual([]);
    expect((await row(e.id)).lastError).toMatch(/^AttemptsExhausted: No outcome after 3 attempts/);
  });

  it("re-drive re-queues a failed event, which then runs once and succeeds", async () => {
    let broken = true;
    let successes = 0;
    const w = worker(
      async () => {
        if (broken) throw new Error("provider down");
        successes++;
      },
      { retryBaseMs: 10, maxAttempts: 2 },
    );
    const e = await enqueue("redrive");
    const other = await enqueue("other");
    w.start();
    await expect.poll(async () => (await row(e.id)).failedAt, { timeout: 30_000 }).not.toBeNull();
    await expect.poll(async () => (await row(other.id)).failedAt, { timeout: 30_000 }).not.toBeNull();
    broken = false;

    const dry = await redriveFailedEvents(database.db, { ids: [e.id], dryRun: true, now: new Date() });
    expect(dry).toMatchObject({ requeued: 0, events: [{ id: e.id, attempts: 2, lastError: "Error: provider down" }] });
    expect((await row(e.id)).failedAt).not.toBeNull();

    const done = await redriveFailedEvents(database.db, { ids: [e.id], now: new Date() });
    expect(done).toMatchObject({ requeued: 1, events: [{ id: e.id, attempts: 2 }] });
    w.wake();
    await expect.poll(() => published(e.id), { timeout: 30_000 }).toBe(true);
    expect(await w.drainOnce()).toBe(0); // nothing else is due: the other event stays failed
    expect(successes).toBe(1);
    expect(await row(e.id)).toMatchObject({ attempts: 1, failedAt: null, lastError: null });
    // Only the event asked for: the other one still waits, failed.
    expect((await row(other.id)).failedAt).not.toBeNull();
    expect((await row(other.id)).publishedAt).toBeNull();
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
