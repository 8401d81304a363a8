// POST /api/v1/auth/token: a new API token for a user. The secret is returned once; the database
// keeps only its SHA-256 and a visible prefix.
import type { DbOrTx } from "../db";
import { apiTokens } from "../db/schema";
import { generateApiToken } from "../auth/api-token";
import { newId } from "../ids";
import { consumeOrThrow } from "../ratelimit/guard";
import { LIMITS } from "../ratelimit/limits";
import type { RateLimiter } from "../ratelimit/types";

export const DEFAULT_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedToken {
  token: string;
  tokenId: string;
  prefix: string;
  expiresAt: Date;
}

export async function issueApiToken(
  db: DbOrTx,
  userId: string,
  opts: { now: Date; expiresAt?: Date; name?: string },
): Promise<IssuedToken> {
  const { token, hash, prefix } = generateApiToken();
  const tokenId = newId("token", opts.now.getTime());
  const expiresAt = opts.expiresAt ?? new Date(opts.now.getTime() + DEFAULT_TOKEN_TTL_MS);
  await db.insert(apiTokens).values({
    id: tokenId,
    userId,
    name: opts.name ?? "API token",
    tokenHash: hash,
    prefix,
    createdAt: opts.now,
    expiresAt,
  });
  return { token, tokenId, prefix, expiresAt };
}

/** Counts a token issuance for the user; 429 `rate_limited` past LIMITS.tokensPerUser. */
export async function assertMayIssueToken(limiter: RateLimiter, userId: string): Promise<void> {
  await consumeOrThrow(limiter, [{ rule: LIMITS.tokensPerUser, key: userId }]);
}
