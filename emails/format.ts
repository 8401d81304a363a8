// Formatting shared by the email templates: money in minor units, instants in UTC. Dates read as
// they do in the app ("30 Nov 2026"): the one formatter, lib/cart/format.ts, with the zone fixed.
import { formatDate } from "../lib/cart/format";

/** 12345 + "EUR" → "€123.45" (the currency's own number of minor digits: JPY has none). */
export function formatMoney(minor: number, currency: string): string {
  const fmt = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

/** "1 Mar 2026, 09:00 UTC" — a reader of an email may be anywhere: the zone is said. */
export function formatInstant(d: Date): string {
  return `${formatDate(d, { time: true, timeZone: "UTC" })} UTC`;
}
