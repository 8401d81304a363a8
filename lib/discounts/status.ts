// A code's status is a function of its validity window and the clock: it starts at validFrom
// (inclusive) and ends at validUntil (exclusive), so at validUntil itself it is already expired.
// Part 2 adds two ends: deactivated by its brand, and exhausted (no uses left of its cap).
export type WindowStatus = "scheduled" | "active" | "expired";
export type CodeStatus = WindowStatus | "exhausted" | "deactivated";

export interface ValidityWindow {
  validFrom: Date;
  validUntil: Date;
}

/**
 * The status a code shows: its window first (a scheduled or expired code says so), then
 * deactivated, then exhausted (no uses left of its cap).
 */
export function displayStatus(
  code: ValidityWindow & { deactivatedAt: Date | null; maxRedemptions: number | null },
  { redemptions, now }: { redemptions: number; now: Date },
): CodeStatus {
  const w = codeStatus(code, now);
  if (w !== "active") return w;
  if (code.deactivatedAt && code.deactivatedAt.getTime() <= now.getTime()) return "deactivated";
  if (code.maxRedemptions !== null && redemptions >= code.maxRedemptions) return "exhausted";
  return "active";
}

export function codeStatus(window: ValidityWindow, now: Date): WindowStatus {
  const t = now.getTime();
  if (t < window.validFrom.getTime()) return "scheduled";
  if (t >= window.validUntil.getTime()) return "expired";
  return "active";
}
