// A discount code's text form and its public id (API.md): 3–32 of A–Z 0–9 - _, trimmed and
// upper-cased on the way in; the id is the lower-case hex SHA-256 of the normalised string.
import { createHash } from "node:crypto";

export const CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;
export const CODE_MIN_LENGTH = 3;
export const CODE_MAX_LENGTH = 32;

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

/**
 * The id a reference to a code means: `ref` is either a code id (any case) or the code itself
 * (any case, surrounding spaces ignored). Null when it can be neither, so callers answer 404
 * without a lookup. A 64-character hex string is always an id: codes are at most 32 long.
 */
export function codeIdFromRef(ref: string): string | null {
  if (looksLikeCodeId(ref)) return ref.toLowerCase();
  const code = normalizeCode(ref);
  return isValidCode(code) ? codeIdOf(code) : null;
}
