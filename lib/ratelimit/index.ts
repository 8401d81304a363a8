// lib/ratelimit: the RateLimiter port (types.ts), its two adapters, the limits (limits.ts), the
// client IP (client-ip.ts), and the one way a refusal is answered: 429 `rate_limited` with
// `retryAfter` in the body (routes add the Retry-After header) and a sentence people can read.
import "server-only";
import type { Db } from "../db";
import { createDatabaseLimiter } from "./database";
import type { LimiterOptions, RateLimiter } from "./types";
import { createUpstashLimiter } from "./upstash";

export type { LimiterOptions, RateDecision, RateHit, RateLimiter, RateRule } from "./types";
export { LIMITS } from "./limits";
export { clientIp } from "./client-ip";
export { createDatabaseLimiter } from "./database";
export { createUpstashLimiter } from "./upstash";
export { consumeOrThrow, limitFailures, rateLimitedError, retryAfterOf, waitPhrase } from "./guard";

/** Upstash when UPSTASH_REDIS_REST_URL and _TOKEN are both set, else the database. */
export function limiterFromEnv(
  e: { UPSTASH_REDIS_REST_URL?: string; UPSTASH_REDIS_REST_TOKEN?: string },
  db: Db,
  opts: LimiterOptions = {},
): RateLimiter {
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) {
    return createUpstashLimiter({ url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN, ...opts });
  }
  return createDatabaseLimiter(db, opts);
}

