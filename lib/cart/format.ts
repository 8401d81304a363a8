// Money and dates as a shopper reads them. Money is integer minor units of an ISO 4217 currency.
const fractionDigits = new Map<string, number>();

function digitsOf(currency: string): number {
  let d = fractionDigits.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    fractionDigits.set(currency, d);
  }
  return d;
}

/** `formatMoney(2900, { currency: "EUR" })` → "€29.00". */
export function formatMoney(minor: number, { currency, locale = "en-IE" }: { currency: string; locale?: string }): string {
  const digits = digitsOf(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** "12 Mar 2026" (or with the time: "12 Mar 2026, 14:05"), in the reader's time zone unless given. */
export function formatDate(iso: string | Date, o: { time?: boolean; timeZone?: string; locale?: string } = {}): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(o.locale ?? "en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(o.time ? { hour: "2-digit", minute: "2-digit" } : {}),
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
  }).format(d);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600e3],
  ["month", 30 * 24 * 3600e3],
  ["week", 7 * 24 * 3600e3],
  ["day", 24 * 3600e3],
  ["hour", 3600e3],
  ["minute", 60e3],
];

/** "in 3 days", "5 months ago", "now" — the largest whole unit between `date` and `now`. */
export function formatRelative(date: string | Date, { now, locale = "en" }: { now: Date; locale?: string }): string {
  const diff = new Date(date).getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return "now";
}
