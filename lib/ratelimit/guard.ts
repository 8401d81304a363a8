// How a refusal is answered, framework- and store-free (domain code imports this and types.ts
// only): 429 `rate_limited` with `retryAfter` in the body (lib/http turns it into Retry-After)
// and a sentence people can read; a limiter store that does not answer is a 503, never a
// silently disabled limit.
import { DomainError, isDomainError } from "../errors";
import type { RateDecision, RateHit, RateLimiter } from "./types";

/** "try again in 15 minutes" / "in 40 seconds" / "in 2 hours". */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? "" : "s"}`;
  if (seconds < 2 * 3600) {
    const m = Math.ceil(seconds / 60);
    return `${m} minute${m === 1 ? "" : "s"}`;
  }
  const h = Math.ceil(seconds / 3600);
  return `${h} hours`;
}

/** The 429 of a refusal: `retryAfter` (seconds) rides along for the Retry-After header. */
export function rateLimitedError(retryAfter: number, what = "Too many attempts."): DomainError {
  return new DomainError("rate_limited", `${what} Too many attempts — try again in ${waitPhrase(retryAfter)}.`, {
    extra: { retryAfter },
  });
}

/** The seconds to wait when `e` is a 429, else null (forms show their own sentence with it). */
export function retryAfterOf(e: unknown): number | null {
  if (!isDomainError(e) || e.code !== "rate_limited") return null;
  const s = e.extra?.retryAfter;
  return typeof s === "number" ? s : null;
}

/** A store that does not answer is a 503, never a silently disabled limit. */
function unavailable(e: unknown): DomainError {
  if (isDomainError(e)) return e;
  return new DomainError("unavailable", "The rate limiter's store did not answer. Try again in a moment.", {
    extra: { retryAfter: 1 },
  });
}

function refusal(d: RateDecision): DomainError {
  return rateLimitedError(d.retryAfter, d.refusedBy?.what);
}

/** Counts one attempt on every counter; 429 when any is past its limit. */
export async function consumeOrThrow(limiter: RateLimiter, hits: RateHit[]): Promise<void> {
  let d: RateDecision;
  try {
    d = await limiter.consume(hits);
  } catch (e) {
    throw unavailable(e);
  }
  if (!d.allowed) throw refusal(d);
}

/**
 * Counts an attempt that may fail (a sign-in): 429 up front when any counter is already at its
 * limit; otherwise `attempt` runs and, when it succeeds, the count is given back — so only
 * failures stay counted, and parallel attempts can never overshoot a limit.
 */
export async function limitFailures<T>(limiter: RateLimiter, { hits, attempt }: { hits: RateHit[]; attempt: () => Promise<T> }): Promise<T> {
  await consumeOrThrow(limiter, hits);
  const result = await attempt();
  try {
    await limiter.consume(hits, { by: -1 });
  } catch {
    // The success stands; the count stays, one attempt too many at worst.
  }
  return result;
}
