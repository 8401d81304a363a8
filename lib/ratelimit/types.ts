// The rate limiter: counts attempts per key in fixed windows and says whether one more may go
// ahead. One port, two adapters with one contract (ratelimit.int.test.ts): @upstash/ratelimit on
// Upstash Redis (upstash.ts) and a counter table on the relational database (database.ts, the
// embedded default) — chosen like the usage ledger (index.ts). The limits themselves live in
// limits.ts.
//
// Windows are fixed and aligned to the epoch — window n of a rule spans
// [n × windowSeconds, (n + 1) × windowSeconds) — which is exactly how @upstash/ratelimit's
// fixedWindow buckets time, so both adapters open and close the same windows.

/** What is limited: at most `limit` counted events per key in each window of `windowSeconds`. */
export interface RateRule {
  /** Short, stable, unique among rules: part of every stored key. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /** What a refused caller is told (the 429's detail). */
  readonly what: string;
}

/** One counter: a rule and the key it counts for (an email, an IP, a user id, a brand id). */
export interface RateHit {
  rule: RateRule;
  key: string;
}

export interface RateDecision {
  /** consume: every counter is within its limit after counting; peek: one more would be. */
  allowed: boolean;
  /** Seconds until the refusing windows end (the 429's Retry-After, ≥ 1); 0 when allowed. */
  retryAfter: number;
  /** The first refusing rule, when refused. */
  refusedBy?: RateRule;
}

export interface RateLimiter {
  readonly kind: "database" | "upstash";
  /**
   * Counts `by` (default 1) on every counter — each atomically: any number of concurrent calls
   * count exactly — and says whether all of them are still within their limits. A negative `by`
   * gives counts back (an attempt that turned out fine).
   */
  consume(hits: RateHit[], opts?: { by?: number }): Promise<RateDecision>;
  /** Reads the counters without counting: allowed when one more would be within every limit. */
  peek(hits: RateHit[]): Promise<RateDecision>;
  /**
   * Without a round-trip: the seconds this process knows a counter stays refused (a consume()
   * here saw it past its limit in the current window), else 0. For hot paths that must not pay
   * for a read: exact per process, and every instance learns on its first refused consume().
   */
  knownRefused(hit: RateHit): number;
  /** Deletes counters of ended windows; returns how many (Redis expires its own: 0). */
  sweep(now: Date): Promise<number>;
  close(): Promise<void>;
}

/** Options both adapters take. */
export interface LimiterOptions {
  /**
   * Scales every rule's limit (tests that are not about throttling use a generous limiter, e.g.
   * 1000). Production uses the limits as written: 1.
   */
  scale?: number;
  /** The clock windows are computed from (database adapter; @upstash/ratelimit reads Date.now()). */
  now?: () => number;
}

export const windowMs = (rule: RateRule) => rule.windowSeconds * 1000;

/** Start (ms since the epoch) of the rule's window containing `nowMs`. */
export function windowStartMs(rule: RateRule, nowMs: number): number {
  return Math.floor(nowMs / windowMs(rule)) * windowMs(rule);
}

/** Whole seconds from `nowMs` to `resetMs`, at least 1. */
export function secondsUntil(resetMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((resetMs - nowMs) / 1000));
}

/**
 * The per-process memory of counters seen refused, until their window ends (knownRefused()).
 * Bounded: past `max` entries, ended ones are dropped first, then the oldest.
 */
export class RefusalMemory {
  readonly #until = new Map<string, number>();
  constructor(private readonly max = 50_000) {}

  static id(hit: RateHit): string {
    return `${hit.rule.name}\u0000${hit.key}`;
  }

  remember(hit: RateHit, resetMs: number): void {
    if (this.#until.size >= this.max) {
      const now = Date.now();
      for (const [k, v] of this.#until) if (v <= now) this.#until.delete(k);
      if (this.#until.size >= this.max) this.#until.delete(this.#until.keys().next().value!);
    }
    this.#until.set(RefusalMemory.id(hit), resetMs);
  }

  forget(hit: RateHit): void {
    this.#until.delete(RefusalMemory.id(hit));
  }

  /** Seconds left, or 0. */
  secondsLeft(hit: RateHit, nowMs: number): number {
    const until = this.#until.get(RefusalMemory.id(hit));
    if (until === undefined) return 0;
    if (until <= nowMs) {
      this.#until.delete(RefusalMemory.id(hit));
      return 0;
    }
    return secondsUntil(until, nowMs);
  }

  clear(): void {
    this.#until.clear();
  }
}

/** The effective limit of a rule under a scale. */
export function scaledLimit(rule: RateRule, scale = 1): number {
  return Math.max(1, Math.round(rule.limit * scale));
}

/** Combines per-counter outcomes into one decision (the longest wait among the refusing ones). */
export function decide(outcomes: { hit: RateHit; ok: boolean; resetMs: number }[], nowMs: number): RateDecision {
  let retryAfter = 0;
  let refusedBy: RateRule | undefined;
  for (const o of outcomes) {
    if (o.ok) continue;
    refusedBy ??= o.hit.rule;
    retryAfter = Math.max(retryAfter, secondsUntil(o.resetMs, nowMs));
  }
  return refusedBy ? { allowed: false, retryAfter, refusedBy } : { allowed: true, retryAfter: 0 };
}
