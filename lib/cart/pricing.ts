// Cart arithmetic for display. The authoritative numbers come from the API's `pricing`; these
// functions preview them before a code is applied (same formula: only the code's brand's lines are
// eligible, the discount rounds half away from zero, the total never goes below 0) and spread the
// API's discount over the eligible lines so each line can show its own reduced price.
import type { CartLine, Pricing } from "./types";

export function lineTotal(line: CartLine): number {
  return line.unitAmount * line.quantity;
}

export function subtotalOf(lines: readonly CartLine[]): number {
  return lines.reduce((sum, l) => sum + lineTotal(l), 0);
}

/** Rounds half away from zero, like the API. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

export function previewPricing(lines: readonly CartLine[], currency: string, brandId: string, percent: number): Pricing {
  const subtotal = subtotalOf(lines);
  const eligibleSubtotal = subtotalOf(lines.filter((l) => l.brandId === brandId));
  const discountAmount = Math.min(roundHalfAwayFromZero((eligibleSubtotal * percent) / 100), subtotal);
  return { currency, subtotal, eligibleSubtotal, discountAmount, total: Math.max(0, subtotal - discountAmount) };
}

/**
 * Splits `discountAmount` over the lines of `brandId` in proportion to their totals, so that the
 * parts are whole minor units and add up exactly (largest remainder). Other lines get 0.
 */
export function allocateDiscount(lines: readonly CartLine[], brandId: string, discountAmount: number): number[] {
  const eligible = lines.map((l) => (l.brandId === brandId ? lineTotal(l) : 0));
  const base = eligible.reduce((a, b) => a + b, 0);
  if (base <= 0 || discountAmount <= 0) return lines.map(() => 0);
  const amount = Math.min(discountAmount, base);
  const exact = eligible.map((t) => (t * amount) / base);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .filter(({ i }) => eligible[i]! > 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** The API's cart: only the fields API.md names, quantities ≥ 1. */
export function toApiCart(lines: readonly CartLine[], currency: string): { currency: string; lines: CartLine[] } {
  return {
    currency,
    lines: lines
      .filter((l) => l.quantity > 0)
      .map(({ sku, brandId, unitAmount, quantity }) => ({ sku, brandId, unitAmount, quantity })),
  };
}
