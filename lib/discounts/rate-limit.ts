// "Codes that cannot be guessed": a user who keeps asking for codes that do not exist is slowed
// down. Each miss (404) is counted in a fixed window in the ledger's store (Redis INCR + EXPIRE on
// Upstash, process memory on the database ledger). Once a user has LOOKUP_MISS_LIMIT misses in the
// window, every lookup and redemption of theirs is refused with 429 until the window ends — hit or
// miss, so a guesser cannot tell them apart. Hits are never counted: a shopper redeeming real codes
// does not meet the limit. The check costs no extra round-trip where it matters: a redemption
// checks it inside its ledger claim (a CounterGuard), a miss with the count it increments anyway.
import { DomainError } from "../errors";
import { secondsLeftInWindow, type CounterGuard, type CounterWindow, type UsageLedger } from "../ledger/types";

export const LOOKUP_MISS_LIMIT = 20;
export const LOOKUP_WINDOW_SECONDS = 60;

const windowAt = (now: Date): CounterWindow => ({ seconds: LOOKUP_WINDOW_SECONDS, now });

/** The guard a redemption's claim carries. */
export function lookupGuard(userId: string, now: Date): CounterGuard {
  return { key: `miss:${userId}`, window: windowAt(now), limit: LOOKUP_MISS_LIMIT };
}

/** 429 when the user's budget is spent. */
export async function assertMayLookUp(ledger: UsageLedger, userId: string, now: Date): Promise<void> {
  const guard = lookupGuard(userId, now);
  if ((await ledger.hits(guard.key, guard.window)) >= guard.limit) throw rateLimited(now);
}

/** Counts a miss; the error to answer it with: 404, or 429 once past the limit. */
export async function countMiss(ledger: UsageLedger, userId: string, now: Date, notFound: DomainError): Promise<DomainError> {
  const guard = lookupGuard(userId, now);
  const count = await ledger.hit(guard.key, guard.window);
  return count > guard.limit ? rateLimited(now) : notFound;
}

export function rateLimited(now: Date): DomainError {
  const retryAfter = secondsLeftInWindow(windowAt(now));
  return new DomainError("rate_limited", `Too many lookups of codes that do not exist. Try again in ${retryAfter} s.`, {
    extra: { retryAfter },
  });
}
