// A discount code's text form and its public id (API.md): 3–32 of A–Z 0–9 - _, trimmed and
// upper-cased on the way in; the id is the lower-case hex SHA-256 of the normalised string.
import { createHash } from "node:crypto";

export const CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;

export function normalizeCode(input: string): string {
  return input.trim().toUpperCase();
}

export function isValidCode(normalized: string): boolean {
  return CODE_PATTERN.test(normalized);
}

export function codeIdOf(normalized: string): string {
  return createHash("sha256").update(normalized, "utf8").digest("hex");
}

/** True when `s` looks like a code id (64 lower- or upper-case hex characters). */
export function looksLikeCodeId(s: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(s);
}
