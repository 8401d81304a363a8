// The in-process outbox worker (embedded default, no Inngest keys): it drains the outbox and
// runs each event's job right here, with the same job functions the Inngest functions call.
// - started once per process (runtime.ts guards it on globalThis), polls modestly (default 1 s)
//   and is woken at once by a dispatch after commit;
// - holds each event by a lease (`locked_until`) renewed while its job runs, so two workers —
//   two server processes on one Postgres — never run one event at once, and an event whose
//   worker died is picked up again when its lease runs out;
// - a failed job is retried with back-off; stop() interrupts a job between two batches and hands
//   the event back; nothing it does can crash the server (every error is caught and logged).
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { Db } from "../db";
import { claimEvents, markFailed, markPublished, releaseClaim, renewClaim, retryDelayMs, type Claimed } from "./outbox-store";
import type { EventName, EventPayloads } from "./types";

export type EventHandler = (event: { name: EventName; payload: EventPayloads[EventName]; eventId: string }, ctx: { signal: AbortSignal }) => Promise<unknown>;

export interface WorkerLogger {
  error(message: string, err?: unknown): void;
  info?(message: string): void;
}

export interface OutboxWorkerOptions {
  db: Db;
  handle: EventHandler;
  clock?: Clock;
  /** How often to look for work when not woken (default 1000 ms). */
  pollMs?: number;
  /** Lease per event, renewed every third of it while the job runs (default 60 s). */
  lockMs?: number;
  /** Events claimed per round (default 10). */
  batchSize?: number;
  /** Back-off base after a failed job (default 1 s, doubling, capped at 10 min). */
  retryBaseMs?: number;
  logger?: WorkerLogger;
}

export interface OutboxWorker {
  start(): void;
  /** Stops polling, interrupts running jobs between batches, and waits for them to hand back. */
  stop(): Promise<void>;
  /** Look for work now (called by the dispatcher after a commit). */
  wake(): void;
  /** One round: claim what is due and run it. Returns how many events it handled. */
  drainOnce(): Promise<number>;
  readonly running: boolean;
}

function isInterruption(e: unknown): boolean {
  return e instanceof Error && (e.name === "JobInterrupted" || e.name === "AbortError");
}

export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { db, handle } = opts;
  const clock = opts.clock ?? systemClock;
  const pollMs = opts.pollMs ?? 1000;
  const lockMs = opts.lockMs ?? 60_000;
  const batchSize = opts.batchSize ?? 10;
  const logger: WorkerLogger = opts.logger ?? { error: (m, e) => console.error(`[outbox-worker] ${m}`, e ?? "") };

  let running = false;
  let abort = new AbortController();
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  async function runOne(e: Claimed, signal: AbortSignal): Promise<void> {
    // Keep the lease while the job runs; if it is lost, stop the job at its next batch.
    const lost = new AbortController();
    const onStop = () => lost.abort();
    signal.addEventListener("abort", onStop);
    const timer = setInterval(() => {
      renewClaim(db, e, clock(), lockMs)
        .then((ok) => {
          if (!ok) lost.abort();
        })
        .catch((err) => logger.error(`could not renew the lease of outbox event ${e.id}`, err));
    }, Math.max(50, Math.floor(lockMs / 3)));
    try {
      await handle({ name: e.name as EventName, payload: e.payload as EventPayloads[EventName], eventId: e.eventId }, { signal: lost.signal });
      clearInterval(timer);
      if (!(await markPublished(db, e, clock()))) logger.error(`outbox event ${e.id} finished after its lease was lost`);
    } catch (err) {
      clearInterval(timer);
      if (isInterruption(err)) {
        await releaseClaim(db, e);
      } else {
        logger.error(`job for outbox event ${e.id} (${e.name}) failed, attempt ${e.attempts}`, err);
        await markFailed(db, e, clock(), err, retryDelayMs(e.attempts, opts.retryBaseMs));
      }
    } finally {
      clearInterval(timer);
      signal.removeEventListener("abort", onStop);
    }
  }

  async function drainOnce(): Promise<number> {
    const signal = abort.signal;
    if (signal.aborted) return 0;
    const claimed = await claimEvents(db, { now: clock(), lockMs, limit: batchSize });
    for (let i = 0; i < claimed.length; i++) {
      if (signal.aborted) {
        // Not started: hand the rest back at once.
        for (const rest of claimed.slice(i)) await releaseClaim(db, rest);
        break;
      }
      await runOne(claimed[i]!, signal).catch((err) => logger.error(`outbox event ${claimed[i]!.id}`, err));
    }
    return claimed.length;
  }

  function idle(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const n = await drainOnce();
        failures = 0;
        if (n > 0) continue; // more may be waiting
      } catch (err) {
        // The database is down or similar: log, back off, keep going.
        failures++;
        logger.error("outbox worker round failed", err);
      }
      if (!running) break;
      await idle(failures ? Math.min(30_000, pollMs * 2 ** failures) : pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      abort.abort();
      wakeUp?.();
      await loop;
      loop = null;
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    drainOnce,
    get running() {
      return running;
    },
  };
}
