// What the discount domain needs from the outside world, handed in by the caller (lib/deps.ts
// in the app, real test stores in integration tests). Framework-free: only types.
import type { Clock } from "../clock";
import type { Db } from "../db";
import type { EventDispatcher } from "../events/types";
import type { UsageLedger } from "../ledger/types";

export interface DiscountPorts {
  db: Db;
  ledger: UsageLedger;
  clock: Clock;
  events: EventDispatcher;
}

/** The signed-in user a request acts for (lib/http's Caller satisfies it). */
export interface Actor {
  user: { id: string; seq: number };
  brands: { id: string; name: string }[];
}
