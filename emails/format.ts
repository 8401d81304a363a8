// Formatting shared by the email templates: money in minor units, instants in UTC.

/** 12345 + "EUR" → "€123.45" (the currency's own number of minor digits: JPY has none). */
export function formatMoney(minor: number, currency: string): string {
  const fmt = new Intl.NumberFormat("en-US", { style: "currency", currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(minor / 10 ** digits);
}

/** "Mar 1, 2026, 9:00 AM UTC" */
export function formatInstant(d: Date): string {
  return `${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d)} UTC`;
}

/** "Mar 1, 2026" */
export function formatDay(d: Date): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(d);
}
