// API tokens are opaque random strings with a recognisable prefix (`dsc_`, so secret scanners and
// people can tell what leaked). Only their SHA-256 is stored, plus a short visible prefix.
import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const API_TOKEN_PREFIX = "dsc_";
/** Characters of the token kept in clear text so a user can tell their tokens apart. */
const VISIBLE_CHARS = API_TOKEN_PREFIX.length + 6;
// 32 random bytes → 43 base64url characters.
const TOKEN_SHAPE = /^dsc_[A-Za-z0-9_-]{43}$/;

export interface GeneratedApiToken {
  /** The secret, shown to its owner once and never stored. */
  token: string;
  /** Lower-case hex SHA-256 of `token`: what the database keeps and looks tokens up by. */
  hash: string;
  /** The visible start of the token, e.g. `dsc_Ab12Cd`. */
  prefix: string;
}

export function generateApiToken(): GeneratedApiToken {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashApiToken(token), prefix: token.slice(0, VISIBLE_CHARS) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Cheap shape check: a string that cannot be one of our tokens needs no database lookup. */
export function isApiTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
