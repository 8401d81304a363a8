// "Codes that cannot be guessed": whoever keeps asking for codes that do not exist is slowed down,
// per user AND per client IP, so fresh accounts do not reset the budget.
//
// Per user (LOOKUP_MISS_LIMIT misses per LOOKUP_WINDOW_SECONDS): each miss (404) is counted in a
// fixed window in the ledger's store (Redis INCR + EXPIRE on Upstash, process memory on the
// database ledger). Once a user has spent it, every lookup and redemption of theirs is refused
// with 429 until the window ends — hit or miss, so a guesser cannot tell them apart.
//
// Per IP (LIMITS.lookupMissesPerIp, lib/ratelimit/limits.ts): each miss is also counted in the
// rate limiter (Redis, or the rate_limit_counters table — exact across instances). Past the
// limit, misses from that IP are 429, and so are its lookups and redemptions of real codes as soon
// as this process has seen the IP refused (RateLimiter.knownRefused, no round-trip).
//
// Hits are never counted: a shopper redeeming real codes does not meet the limits. Cost on the hot
// path, unchanged: a redemption checks the user budget inside its ledger claim (a CounterGuard)
// and the IP budget in process memory; a lookup reads the user budget alongside its claim check.
// Only a miss pays one more round-trip, in parallel with the one it already made (its latency is
// the slower of the two).
import { DomainError } from "../errors";
import { secondsLeftInWindow, type CounterGuard, type CounterWindow, type UsageLedger } from "../ledger/types";
import { consumeOrThrow, rateLimitedError } from "../ratelimit/guard";
import { LIMITS } from "../ratelimit/limits";
import type { RateHit, RateLimiter } from "../ratelimit/types";

export const LOOKUP_MISS_LIMIT = 20;
export const LOOKUP_WINDOW_SECONDS = 60;

/** The stores a lookup budget is counted in; without a limiter only the per-user budget applies. */
export interface LookupPorts {
  ledger: UsageLedger;
  limiter?: RateLimiter;
}

/** Who looks up: the user, and the client IP when the route knows it. */
export interface LookupActor {
  user: { id: string };
  ip?: string;
}

const windowAt = (now: Date): CounterWindow => ({ seconds: LOOKUP_WINDOW_SECONDS, now });

const ipHit = (ip: string): RateHit => ({ rule: LIMITS.lookupMissesPerIp, key: ip });

/** The guard a redemption's claim carries. */
export function lookupGuard(userId: string, now: Date): CounterGuard {
  return { key: `miss:${userId}`, window: windowAt(now), limit: LOOKUP_MISS_LIMIT };
}

/** 429 when this process knows the actor's IP has spent its budget (no round-trip). */
export function assertIpMayLookUp(ports: Pick<LookupPorts, "limiter">, actor: LookupActor): void {
  if (!ports.limiter || !actor.ip) return;
  const wait = ports.limiter.knownRefused(ipHit(actor.ip));
  if (wait > 0) throw rateLimitedError(wait, LIMITS.lookupMissesPerIp.what);
}

/** 429 when the user's budget is spent (one read), or the IP's (known in-process). */
export async function assertMayLookUp(ports: LookupPorts, { actor, now }: { actor: LookupActor; now: Date }): Promise<void> {
  assertIpMayLookUp(ports, actor);
  const guard = lookupGuard(actor.user.id, now);
  if ((await ports.ledger.hits(guard.key, guard.window)) >= guard.limit) throw rateLimited(now);
}

/** Counts a miss for the user and the IP; the error to answer it with: 404, or 429 past a limit. */
export async function countMiss(ports: LookupPorts, { actor, now, notFound }: { actor: LookupActor; now: Date; notFound: DomainError }): Promise<DomainError> {
  const guard = lookupGuard(actor.user.id, now);
  const [count, ipRefusal] = await Promise.all([
    ports.ledger.hit(guard.key, guard.window),
    ports.limiter && actor.ip
      ? consumeOrThrow(ports.limiter, [ipHit(actor.ip)]).then(
          () => null,
          (e: unknown) => e as DomainError,
        )
      : null,
  ]);
  if (count > guard.limit) return rateLimited(now);
  return ipRefusal ?? notFound;
}

export function rateLimited(now: Date): DomainError {
  const retryAfter = secondsLeftInWindow(windowAt(now));
  return rateLimitedError(retryAfter, "Too many lookups of codes that do not exist.");
}

/** Counts a code creation for the brand (API and dashboard); 429 past LIMITS.codesPerBrand. */
export async function assertMayCreateCode(limiter: RateLimiter, brandId: string): Promise<void> {
  await consumeOrThrow(limiter, [{ rule: LIMITS.codesPerBrand, key: brandId }]);
}
