// The in-process outbox worker (embedded default, no Inngest keys): it drains the outbox and
// runs each event's job right here, with the same job functions the Inngest functions call.
// - started once per process (runtime.ts guards it on globalThis), polls modestly (default 1 s)
//   and is woken at once by a dispatch after commit;
// - holds each event by a lease (`locked_until`) renewed while its job runs, so two workers —
//   two server processes on one Postgres — never run one event at once, and an event whose
//   worker died is picked up again when its lease runs out;
// - a failed job is retried with back-off (outbox-store.ts: MAX_ATTEMPTS runs, RETRY_BASE_MS
//   doubling up to RETRY_CAP_MS); after the last attempt, or at once for a permanent failure
//   (errors.ts), the event is marked failed and kept for `npm run outbox:redrive`;
// - stop() interrupts a job between two batches and hands the event back; nothing it does can
//   crash the server (every error is caught and logged, redacted).
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { Db } from "../db";
import { log, summarizeError } from "../log";
import { isPermanentFailure } from "./errors";
import {
  claimEvents,
  MAX_ATTEMPTS,
  markFailed,
  markFailedForGood,
  markPublished,
  releaseClaim,
  renewClaim,
  retryDelayMs,
  type Claimed,
} from "./outbox-store";
import { assertEventPayload } from "./payloads";
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
  /** Back-off base after a failed job (default RETRY_BASE_MS, doubling, capped at RETRY_CAP_MS). */
  retryBaseMs?: number;
  /** Runs of one event before it is marked failed (default MAX_ATTEMPTS). */
  maxAttempts?: number;
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

const defaultLogger: WorkerLogger = {
  error: (message, err) => log.error(err === undefined ? {} : { err: summarizeError(err) }, `outbox worker: ${message}`),
  info: (message) => log.info(`outbox worker: ${message}`),
};

/** Every attempt so far ended without an outcome (the process died during each). */
class AttemptsExhausted extends Error {
  constructor(attempts: number) {
    super(`No outcome after ${attempts} attempts (the worker stopped or died during each).`);
    this.name = "AttemptsExhausted";
  }
}

export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { db, handle } = opts;
  const clock = opts.clock ?? systemClock;
  const pollMs = opts.pollMs ?? 1000;
  const lockMs = opts.lockMs ?? 60_000;
  const batchSize = opts.batchSize ?? 10;
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  const logger: WorkerLogger = opts.logger ?? defaultLogger;

  let running = false;
  let abort = new AbortController();
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  async function runOne(e: Claimed, signal: AbortSignal): Promise<void> {
    // Claimed more often than allowed without ever recording an outcome (a job that kills its
    // process): give up rather than crash-loop.
    if (e.attempts > maxAttempts) {
      logger.error(`outbox event ${e.id} (${e.name}) failed: no outcome after ${e.attempts - 1} attempts`);
      await markFailedForGood(db, e, { now: clock(), error: new AttemptsExhausted(e.attempts - 1) });
      return;
    }
    // Keep the lease while the job runs; if it is lost, stop the job at its next batch.
    const lost = new AbortController();
    const onStop = () => lost.abort();
    signal.addEventListener("abort", onStop);
    const timer = setInterval(() => {
      renewClaim(db, e, { now: clock(), lockMs })
        .then((ok) => {
          if (!ok) lost.abort();
        })
        .catch((err) => logger.error(`could not renew the lease of outbox event ${e.id}`, err));
    }, Math.max(50, Math.floor(lockMs / 3)));
    try {
      assertEventPayload(e.name, e.payload);
      await handle({ name: e.name as EventName, payload: e.payload as EventPayloads[EventName], eventId: e.eventId }, { signal: lost.signal });
      clearInterval(timer);
      if (!(await markPublished(db, e, { now: clock() }))) logger.error(`outbox event ${e.id} finished after its lease was lost`);
    } catch (err) {
      clearInterval(timer);
      if (isInterruption(err)) {
        await releaseClaim(db, e);
      } else if (isPermanentFailure(err) || e.attempts >= maxAttempts) {
        const why = isPermanentFailure(err) ? "a permanent error" : `attempt ${e.attempts} of ${maxAttempts}`;
        logger.error(`job for outbox event ${e.id} (${e.name}) failed for good (${why}); npm run outbox:redrive re-queues it`, err);
        await markFailedForGood(db, e, { now: clock(), error: err });
      } else {
        logger.error(`job for outbox event ${e.id} (${e.name}) failed, attempt ${e.attempts} of ${maxAttempts}`, err);
        await markFailed(db, e, { now: clock(), error: err, retryInMs: retryDelayMs(e.attempts, { baseMs: opts.retryBaseMs }) });
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
