// The rate limiter on Upstash Redis, with @upstash/ratelimit's fixed window (its Lua script:
// INCRBY, and PEXPIRE on the window's first hit — one atomic round-trip per counter; the
// counters of one call travel together through the client's auto-pipelining). Chosen over the
// database limiter when UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN are set, with the
// same client settings and key-prefix scheme as the usage ledger (lib/ledger/upstash.ts).
//
// Settings, deliberately: `timeout: 0` — the library's default answers "allowed" after 5 s
// without Redis (fail open); a limiter that silently stops limiting is worse than a 503, and
// Redis faults already answer 503 elsewhere. `analytics: false`, `enableTelemetry: false`: no
// extra writes, no extra headers. The library's ephemeral cache stays on: a counter seen past its
// limit is refused in-process until its window ends, without a round-trip (the same idea as
// knownRefused()).
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { decide, RefusalMemory, scaledLimit, type LimiterOptions, type RateHit, type RateLimiter, type RateRule } from "./types";

export interface UpstashLimiterOptions extends LimiterOptions {
  url: string;
  token: string;
  /** Prepended to every key (tests use a random one). */
  prefix?: string;
}

export function createUpstashLimiter(opts: UpstashLimiterOptions): RateLimiter {
  const redis = new Redis({
    url: opts.url,
    token: opts.token,
    retry: { retries: 2, backoff: (n) => 50 * 2 ** n },
    enableTelemetry: false,
  });
  const prefix = opts.prefix ?? "drl:";
  const refused = new RefusalMemory();
  const limiters = new Map<string, Ratelimit>();

  function limiterFor(rule: RateRule): Ratelimit {
    const id = `${rule.name}/${rule.limit}/${rule.windowSeconds}`;
    let rl = limiters.get(id);
    if (!rl) {
      rl = new Ratelimit({
        redis,
        limiter: Ratelimit.fixedWindow(scaledLimit(rule, opts.scale), `${rule.windowSeconds} s`),
        prefix: `${prefix}${rule.name}`,
        timeout: 0,
        analytics: false,
        enableTelemetry: false,
      });
      limiters.set(id, rl);
    }
    return rl;
  }

  return {
    kind: "upstash",

    async consume(hits: RateHit[], { by = 1 } = {}) {
      const outcomes = await Promise.all(
        hits.map(async (hit) => {
          const r = await limiterFor(hit.rule).limit(hit.key, { rate: by });
          if (!r.success && by > 0) refused.remember(hit, r.reset);
          else if (r.success && by < 0) refused.forget(hit);
          return { hit, ok: r.success, resetMs: r.reset };
        }),
      );
      return decide(outcomes, Date.now());
    },

    async peek(hits: RateHit[]) {
      const outcomes = await Promise.all(
        hits.map(async (hit) => {
          const r = await limiterFor(hit.rule).getRemaining(hit.key);
          return { hit, ok: r.remaining > 0, resetMs: r.reset };
        }),
      );
      return decide(outcomes, Date.now());
    },

    knownRefused(hit) {
      return refused.secondsLeft(hit, Date.now());
    },

    async sweep() {
      return 0; // every counter carries its window's expiry (PEXPIRE)
    },

    async close() {
      refused.clear();
    },
  };
}
