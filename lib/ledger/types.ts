// The usage ledger: the atomic "has this user used this code" gate of a redemption
// (ARCHITECTURE.md, step 3). Two implementations keep one contract (ledger.int.test.ts):
// Upstash Redis (upstash.ts) and the relational database (database.ts, the embedded default).
// Claims expire with their code, so the gate holds only claims of live codes; the durable
// history is the usage_records table. A claim stores its time, so a claim whose process died
// before writing its record can be told from one still being written, and released by
// compare-and-delete (lib/discounts/redeem-code.ts reconciles on the refusal path).

/**
 * Who claims which code. `seq` is the user's small integer handle (users.seq). `cap` is the code's
 * maxRedemptions (null or absent = unlimited): a capped code's uses are counted by the ledger, in
 * the same atomic step as the claim — and given back in the same step as a release.
 */
export interface ClaimRef {
  codeId: string;
  user: { id: string; seq: number };
  cap?: number | null;
}

/** A fixed rate-limit window: the one of `seconds` length that contains `now`. */
export interface CounterWindow {
  seconds: number;
  now: Date;
}

/**
 * Refuse a claim while `key` has `limit` or more hits in the window (the caller's lookup budget,
 * lib/discounts/rate-limit.ts), checked in the same operation as the claim.
 */
export interface CounterGuard {
  key: string;
  window: CounterWindow;
  limit: number;
}

/**
 * won: this call claimed the pair; limited: the guard refused; taken: it was claimed before, at
 * `claimedAt` (the claimant's clock, to the millisecond) — or null when that claim was made while
 * this call ran (the database ledger cannot read it back in the same statement): in flight. The
 * Upstash ledger keeps a claim's exact time only while it is young (RECENT_MS, 5 min) or marked
 * unresolved; an older claim reads as made RECENT_MS ago — at least that old, all a caller needs.
 * `unresolved`: its claimant answered 503 without knowing whether its usage record was written
 * (see mark() and lib/discounts/redeem-code.ts).
 */
export type ClaimResult =
  | { status: "won"; claimedAt: Date; /** A capped code's uses after this claim. */ uses?: number }
  | { status: "taken"; claimedAt: Date | null; unresolved?: boolean }
  /** The user has no claim, and the capped code has no use left: nothing was claimed. */
  | { status: "exhausted" }
  | { status: "limited" };

export interface UsageLedger {
  readonly kind: "database" | "upstash";
  /**
   * Claims (user, code) in one atomic operation; exactly one of any number of concurrent claims
   * of a pair is "won". The claim is forgotten at `expiresAt` (the code's end).
   */
  claim(ref: ClaimRef, opts: { expiresAt: Date; now: Date; guard?: CounterGuard }): Promise<ClaimResult>;
  /**
   * Gives a claim back; true if there was one to release. With `claimedAt`, compare-and-delete in
   * one atomic operation: only the claim made at that millisecond goes, never one made since (on
   * Upstash, a claim older than RECENT_MS goes whatever time is given: any newer one is young) —
   * the durable write after a won claim failed (its own claim), or a stranded claim, or a use
   * released, expired or reversed. A capped code's use count goes down in that same operation,
   * only when the claim was there: two releases of one claim give back one use.
   */
  release(ref: ClaimRef, only?: { claimedAt: Date }): Promise<boolean>;
  /**
   * Marks the claim made at `claimedAt` as unresolved (its claimant could not learn whether its
   * usage record was written) or resolved again; compare-and-set, one atomic operation. True if
   * that very claim was there to mark.
   */
  mark(ref: ClaimRef, opts: { claimedAt: Date; unresolved: boolean }): Promise<boolean>;
  /** Whether (user, code) is claimed, for a code that has not ended. */
  isClaimed(ref: ClaimRef, now: Date): Promise<boolean>;
  /** Hits counted so far for `key` in the window (fixed-window rate limiting). */
  hits(key: string, window: CounterWindow): Promise<number>;
  /** Counts one more hit for `key` in the window; returns the new count. */
  hit(key: string, window: CounterWindow): Promise<number>;
  /** A cheap round-trip to the store (health check). */
  ping(): Promise<void>;
  /** Deletes claims whose code has ended; returns how many (Redis expires them by itself: 0). */
  sweep(now: Date): Promise<number>;
  close(): Promise<void>;
}

/** The index of the fixed window containing `now`: counters are keyed by it. */
export function windowIndex(w: CounterWindow): number {
  return Math.floor(w.now.getTime() / 1000 / w.seconds);
}

/** Seconds until the window containing `now` ends (≥ 1): the Retry-After of a 429. */
export function secondsLeftInWindow(w: CounterWindow): number {
  const end = (windowIndex(w) + 1) * w.seconds * 1000;
  return Math.max(1, Math.ceil((end - w.now.getTime()) / 1000));
}
