// The process's ports, built once from the environment: the database, the clock, and (added by
// their adapters) the usage ledger and the event publisher. Routes and jobs take what they need
// from here; tests build their own Deps from real test stores and install them with setDeps().
import "server-only";
import { systemClock, type Clock } from "./clock";
import { getDatabase, type Database, type Db } from "./db";
import type { EventDispatcher } from "./events/types";
import type { UsageLedger } from "./ledger/types";
import type { RateLimiter } from "./ratelimit/types";

export interface Deps {
  database: Database;
  db: Db;
  clock: Clock;
  /** Publishes committed outbox rows (lib/events); the outbox keeps them until it does. */
  events: EventDispatcher;
  /** The "has this user used this code" gate (lib/ledger): Upstash Redis or the database. */
  ledger: UsageLedger;
  /** Throttling (lib/ratelimit): Upstash Redis or the database, like the ledger. */
  limiter: RateLimiter;
}

const g = globalThis as unknown as { __deps?: Promise<Deps> };

export function getDeps(): Promise<Deps> {
  if (!g.__deps) {
    g.__deps = (async (): Promise<Deps> => {
      const database = await getDatabase();
      // Inngest when its keys are set, else the in-process outbox worker (lib/events/runtime.ts).
      const { eventRuntime } = await import("./events/runtime");
      const events: EventDispatcher = eventRuntime(database).dispatcher;
      const { ledger, limiter } = await buildLedger(database);
      const deps: Deps = { database, db: database.db, clock: systemClock, events, ledger, limiter };
      startHoldExpiry(deps);
      (await import("./accounts/token-cache")).watchAccountChanges(database);
      return deps;
    })();
    g.__deps.catch(() => {
      g.__deps = undefined;
    });
  }
  return g.__deps;
}

/** Tests: use these ports for every request in this process (undefined → from env again). */
export function setDeps(deps: Deps | undefined): void {
  g.__deps = deps ? Promise.resolve(deps) : undefined;
}

/** Upstash when UPSTASH_REDIS_REST_URL and _TOKEN are set, else the database; and its sweeper. */
async function buildLedger(database: Database): Promise<{ ledger: UsageLedger; limiter: RateLimiter }> {
  const [{ env }, { ledgerFromEnv }, { startSweeper }, { sweepIdempotencyKeys }, { limiterFromEnv }] = await Promise.all([
    import("./env"),
    import("./ledger"),
    import("./ledger/sweeper"),
    import("./http/idempotency"),
    import("./ratelimit"),
  ]);
  const ledger = ledgerFromEnv(env, database.db);
  const limiter = limiterFromEnv(env, database.db);
  startSweeper([
    { name: "usage claims of ended codes", run: (now) => ledger.sweep(now) },
    { name: "idempotency keys past 24 h", run: (now) => sweepIdempotencyKeys(database.db, now) },
    { name: "published outbox events past 7 days", run: async (now) => (await import("./events/outbox-store")).pruneOutbox(database.db, { now }) },
    { name: "email deliveries of finished jobs past 30 days", run: async (now) => (await import("./notifications/deliveries")).pruneDeliveries(database.db, { now }) },
    { name: "rate-limit counters of ended windows", run: (now) => limiter.sweep(now) },
  ]);
  return { ledger, limiter };
}

/** Holds past their expiresAt are released within seconds, with or without requests (API.md: within 60 s). */
export const HOLD_SWEEP_EVERY_MS = 15_000;

function startHoldExpiry(deps: Deps): void {
  void import("./ledger/sweeper").then(({ startSweeper }) =>
    startSweeper(
      [{ name: "expired holds", run: async (now) => (await import("./discounts/usages")).expireHolds(deps, { now }) }],
      { everyMs: HOLD_SWEEP_EVERY_MS, clock: deps.clock },
    ),
  );
}
