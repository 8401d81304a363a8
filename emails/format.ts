// Formatting for the email templates: instants in UTC. Dates and money read as they do in the app
// ("30 Nov 2026", "€29.00"): the one formatter, lib/cart/format.ts (here with the zone fixed).
import { formatDate } from "../lib/cart/format";

/** "1 Mar 2026, 09:00 UTC" — a reader of an email may be anywhere: the zone is said. */
export function formatInstant(d: Date): string {
  return `${formatDate(d, { time: true, timeZone: "UTC" })} UTC`;
}
