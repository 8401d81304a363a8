// When a failed delivery is tried again (API.md "Webhooks"): after ~10 s, 1 min, 5 min, 30 min,
// 2 h, then every 6 h until 24 h have passed since the message was created; then it has failed.
export const RETRY_DELAYS_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000] as const;
export const RETRY_EVERY_MS_AFTER = 6 * 3600_000;
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/**
 * The time of the next attempt after attempt number `attempt` (1-based) failed at `now`, or null
 * when that would be past 24 h after the message's creation (the message has failed for good).
 */
export function nextAttemptAt(opts: { createdAt: Date; attempt: number; now: Date }): Date | null {
  const delay = RETRY_DELAYS_MS[opts.attempt - 1] ?? RETRY_EVERY_MS_AFTER;
  const next = opts.now.getTime() + delay;
  return next > opts.createdAt.getTime() + GIVE_UP_AFTER_MS ? null : new Date(next);
}
