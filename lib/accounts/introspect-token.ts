// Is this bearer token live? The one check behind every bearer-authenticated request and behind
// GET /api/v1/auth/token. Unknown, revoked and expired tokens all fail with `invalid_token`.
import { DomainError } from "../errors";
import type { DbOrTx } from "../db";
import { hashApiToken, isApiTokenShaped } from "../auth/api-token";
import type { TokenRecord } from "./load-account";
import { cachedTokenOwner } from "./token-cache";
import type { Account } from "./types";

export interface LiveToken {
  tokenId: string;
  expiresAt: Date;
  /** The stored token (shared with the cache: recording a use updates its lastUsedAt). */
  record: TokenRecord;
  account: Account;
}

export async function introspectToken(db: DbOrTx, { token, now }: { token: string; now: Date }): Promise<LiveToken> {
  if (!isApiTokenShaped(token)) throw new DomainError("invalid_token", "The bearer token is not a valid API token.");
  const found = await cachedTokenOwner(db, hashApiToken(token));
  if (!found) throw new DomainError("invalid_token", "The bearer token is not a valid API token.");
  if (found.token.revokedAt) throw new DomainError("invalid_token", "The bearer token has been revoked.");
  if (found.token.expiresAt.getTime() <= now.getTime()) {
    throw new DomainError("invalid_token", "The bearer token has expired.");
  }
  return { tokenId: found.token.id, expiresAt: found.token.expiresAt, record: found.token, account: found.account };
}
