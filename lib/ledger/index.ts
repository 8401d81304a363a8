// The usage ledger the environment asks for: Upstash Redis when UPSTASH_REDIS_REST_URL and
// UPSTASH_REDIS_REST_TOKEN are both set, else the ledger on the database.
import "server-only";
import type { Db } from "../db";
import { createDatabaseLedger } from "./database";
import { createUpstashLedger } from "./upstash";
import type { UsageLedger } from "./types";

export type { ClaimRef, ClaimResult, CounterGuard, CounterWindow, UsageLedger } from "./types";
export { secondsLeftInWindow, windowIndex } from "./types";
export { createDatabaseLedger } from "./database";
export { createUpstashLedger } from "./upstash";

export function ledgerFromEnv(
  e: { UPSTASH_REDIS_REST_URL?: string; UPSTASH_REDIS_REST_TOKEN?: string },
  db: Db,
): UsageLedger {
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
    return createUpstashLedger({ url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN });
  }
  return createDatabaseLedger(db);
}
