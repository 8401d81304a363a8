// Amounts as a person types them ("5", "5.5", "5,50", "€ 12.34") → integer minor units, by string
// arithmetic, never through a float. Empty → undefined; anything else that is not an amount → NaN,
// so a schema refuses it and the form can word the refusal.
/** "12.34" → 1234 (two decimals); "" → undefined; anything else → NaN. */
export function parseMoneyInput(input: string, digits = 2): number | undefined {
  const s = input.trim().replace(/^[€$£]\s*/, "").replace(/\s+/g, "");
  if (s === "") return undefined;
  const m = new RegExp(`^(\\d{1,10})(?:[.,](\\d{0,${digits}}))?$`).exec(s);
  if (!m) return Number.NaN;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? "").padEnd(digits, "0") || "0");
  return whole * 10 ** digits + frac;
}

/** "" → undefined; a whole number → it; anything else → NaN. */
export function parseWholeNumber(input: string): number | undefined {
  const s = input.trim();
  if (s === "") return undefined;
  return /^\d{1,10}$/.test(s) ? Number(s) : Number.NaN;
}

