// A user's API tokens for the dashboard's tokens page (never the secret: only its visible prefix
// is stored next to the hash), newest first, each with its state at a given time.
import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { apiTokens } from "../db/schema";

export type TokenState = "active" | "expired" | "revoked";

export interface TokenListItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  state: TokenState;
}

/** The page shows the newest 100; a user with more has forgotten most of them anyway. */
export const TOKEN_LIST_LIMIT = 100;

export async function listApiTokens(db: DbOrTx, args: { userId: string; now: Date }): Promise<TokenListItem[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, args.userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(TOKEN_LIST_LIMIT);
  return rows.map((t) => ({ ...t, state: tokenState(t, args.now) }));
}

export function tokenState(t: { expiresAt: Date; revokedAt: Date | null }, now: Date): TokenState {
  if (t.revokedAt) return "revoked";
  return t.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}
