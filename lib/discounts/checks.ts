// The order of checks on a redemption (API.md part 2, "Order of checks"), as one sequence. Every
// refusal the rules can give is listed once, in the order a request meets them; a request refused
// for several reasons hears the first. Everything up to `minimum_not_met` is decided before the
// claim — a refused redemption changes nothing — and `already_used` / `exhausted` by the claim itself.
export const REFUSAL_ORDER = [
  "not_found",
  "not_yet_valid",
  "expired",
  "deactivated",
  "not_eligible",
  "already_used",
  "no_eligible_items",
  "currency_mismatch",
  "minimum_not_met",
  "exhausted",
] as const;

export type Refusal = (typeof REFUSAL_ORDER)[number];

/** The refusal a request with these failing checks gets: the first in API.md's order, or null. */
export function firstRefusal(failing: Iterable<Refusal>): Refusal | null {
  const set = new Set(failing);
  return REFUSAL_ORDER.find((r) => set.has(r)) ?? null;
}
