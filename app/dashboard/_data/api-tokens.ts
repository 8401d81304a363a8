// The signed-in user's API tokens for the dashboard's tokens page (never the secret: only its
// visible prefix is stored next to the hash). Issuing and revoking go through lib/accounts.
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { apiTokens } from "@/lib/db/schema";

export interface TokenListItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export async function listApiTokens(db: Db, userId: string): Promise<TokenListItem[]> {
  return db
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
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(100);
}

export type TokenState = "active" | "expired" | "revoked";

export function tokenState(t: Pick<TokenListItem, "expiresAt" | "revokedAt">, now: Date): TokenState {
  if (t.revokedAt) return "revoked";
  return t.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}
