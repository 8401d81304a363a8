// What the discount domain needs from the outside world, handed in by the caller (lib/deps.ts
// in the app, real test stores in integration tests). Framework-free: only types.
import type { Clock } from "../clock";
import type { Db } from "../db";
import type { EventDispatcher } from "../events/types";
import type { UsageLedger } from "../ledger/types";
import type { RateLimiter } from "../ratelimit/types";

export interface DiscountPorts {
  db: Db;
  ledger: UsageLedger;
  clock: Clock;
  events: EventDispatcher;
  /** Per-IP lookup budget and code creation per brand (rate-limit.ts); optional in unit tests. */
  limiter?: RateLimiter;
}

/** The signed-in user a request acts for (lib/http's Caller satisfies it). */
export interface Actor {
  user: { id: string; seq: number };
  brands: { id: string; name: string }[];
  /** The client IP, where the route knows it (per-IP lookup budget, rate-limit.ts). */
  ip?: string;
}
