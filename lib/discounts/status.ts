// A code's status is a function of its validity window and the clock: it starts at validFrom
// (inclusive) and ends at validUntil (exclusive), so at validUntil itself it is already expired.
export type CodeStatus = "scheduled" | "active" | "expired";

export interface ValidityWindow {
  validFrom: Date;
  validUntil: Date;
}

export function codeStatus(window: ValidityWindow, now: Date): CodeStatus {
  const t = now.getTime();
  if (t < window.validFrom.getTime()) return "scheduled";
  if (t >= window.validUntil.getTime()) return "expired";
  return "active";
}
