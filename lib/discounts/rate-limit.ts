// "Codes that cannot be guessed": a user who keeps asking for codes that do not exist is slowed
// down. Each miss (404) is counted in a fixed window in the ledger's store (Redis INCR + EXPIRE on
// Upstash, process memory on the database ledger); once a user has LOOKUP_MISS_LIMIT misses in the
// window, every code lookup and redemption of theirs is refused with 429 until it ends — so a
// guesser cannot tell a hit from a miss. Hits are not counted: a shopper redeeming a real code
// never meets the limit.
import { DomainError } from "../errors";
import { secondsLeftInWindow, type CounterWindow } from "../ledger/types";
import type { UsageLedger } from "../ledger/types";

export const LOOKUP_MISS_LIMIT = 20;
export const LOOKUP_WINDOW_SECONDS = 60;

const keyOf = (userId: string) => `miss:${userId}`;

export async function assertMayLookUp(ledger: UsageLedger, userId: string, now: Date): Promise<void> {
  const window: CounterWindow = { seconds: LOOKUP_WINDOW_SECONDS, now };
  if ((await ledger.hits(keyOf(userId), window)) >= LOOKUP_MISS_LIMIT) throw rateLimited(window);
}

export async function countMiss(ledger: UsageLedger, userId: string, now: Date): Promise<void> {
  await ledger.hit(keyOf(userId), { seconds: LOOKUP_WINDOW_SECONDS, now });
}

function rateLimited(window: CounterWindow): DomainError {
  const retryAfter = secondsLeftInWindow(window);
  return new DomainError(
    "rate_limited",
    `Too many lookups of codes that do not exist. Try again in ${retryAfter} s.`,
    { extra: { retryAfter } },
  );
}
