// Publishing the outbox to Inngest (when INNGEST_EVENT_KEY/INNGEST_SIGNING_KEY are set). Right
// after a commit the dispatcher publishes the new rows; a sweeper publishes whatever that missed
// (a crash between commit and publish, Inngest unreachable). Each event goes out with its outbox
// `event_id` as the Inngest event id, so a re-publish (crash after sending, before marking) is
// deduplicated by Inngest: one change, one function run.
// Publishing marks a row published (handed to Inngest); if the run then fails for good, the
// functions' onFailure marks the row failed (lib/inngest/functions.ts), and only
// `npm run outbox:redrive` publishes it again — the sweeper only takes pending rows.
// A failed publish (Inngest unreachable, a bad event key) is retried with back-off and no limit:
// it says nothing about the event itself, and the row stays pending with its last error.
import type { Clock } from "../clock";
import { systemClock } from "../clock";
import type { Db } from "../db";
import { log, summarizeError } from "../log";
import { claimEvents, markAllPublished, markFailed, PUBLISH_RETRY_BASE_MS, retryDelayMs, type Claimed } from "./outbox-store";

export interface PublishedEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
}

/** Sends events to the queue; throws when it could not. */
export type Publish = (events: PublishedEvent[]) => Promise<void>;

export interface OutboxRelayOptions {
  db: Db;
  publish: Publish;
  clock?: Clock;
  /** Claim lease while publishing (default 30 s). */
  lockMs?: number;
  /** Rows per publish call (default 100). */
  batchSize?: number;
  logger?: { error(message: string, err?: unknown): void };
}

export interface OutboxRelay {
  /**
   * Publishes these rows now (after their commit), together with those of every other request
   * dispatched in the same turn of the event loop: one claim, one publish call and one update for
   * all of them. Resolves with how many of these rows it published. Never throws; the sweeper
   * retries failures.
   */
  publishIds(ids: number[]): Promise<number>;
  /** Publishes every due, unclaimed row. Returns how many it published. */
  sweep(): Promise<number>;
  /** Sweeps every `intervalMs` until stop(). */
  startSweeper(intervalMs?: number): void;
  stop(): void;
}

export function toInngestEvents(rows: readonly Claimed[]): PublishedEvent[] {
  return rows.map((r) => ({ id: r.eventId, name: r.name, data: r.payload as Record<string, unknown> }));
}

export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, publish } = opts;
  const clock = opts.clock ?? systemClock;
  const lockMs = opts.lockMs ?? 30_000;
  const batchSize = opts.batchSize ?? 100;
  const logger = opts.logger ?? {
    error: (m: string, e?: unknown) => log.error(e === undefined ? {} : { err: summarizeError(e) }, `outbox relay: ${m}`),
  };
  let timer: ReturnType<typeof setInterval> | null = null;
  let sweeping = false;

  async function publishClaimed(rows: Claimed[]): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      await publish(toInngestEvents(rows));
    } catch (err) {
      logger.error(`publishing ${rows.length} outbox event(s) failed; the sweeper retries`, err);
      for (const r of rows) await markFailed(db, r, { now: clock(), error: err, retryInMs: retryDelayMs(r.attempts, { baseMs: PUBLISH_RETRY_BASE_MS }) });
      return 0;
    }
    return (await markAllPublished(db, rows, { now: clock() })).length;
  }

  // Dispatches of one turn of the event loop, published together (flush()).
  let waiting: { ids: number[]; done: (published: Set<number>) => void }[] = [];
  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    const published = new Set<number>();
    try {
      const ids = batch.flatMap((w) => w.ids);
      for (let i = 0; i < ids.length; i += batchSize) {
        const rows = await claimEvents(db, { now: clock(), lockMs, limit: batchSize, ids: ids.slice(i, i + batchSize) });
        if ((await publishClaimed(rows)) > 0) for (const r of rows) published.add(r.id);
      }
    } catch (err) {
      logger.error("publishing after commit failed; the sweeper retries", err);
    }
    for (const w of batch) w.done(published);
  }

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await claimEvents(db, { now: clock(), lockMs, limit: batchSize });
      if (rows.length === 0) return total;
      const n = await publishClaimed(rows);
      total += n;
      if (n === 0) return total; // the queue is failing: leave the rest for the next sweep
    }
  }

  return {
    publishIds(ids) {
      if (ids.length === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        if (waiting.length === 0) setImmediate(() => void flush());
        waiting.push({ ids, done: (published) => resolve(ids.filter((id) => published.has(id)).length) });
      });
    },
    sweep,
    startSweeper(intervalMs = 10_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        sweep()
          .catch((err) => logger.error("outbox sweep failed", err))
          .finally(() => (sweeping = false));
      }, intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
