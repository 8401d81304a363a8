// DELETE /api/v1/auth/token: revokes a token. The owner is part of the `where`, so nobody can
// revoke someone else's token by id. Every instance forgets the token at once (token-cache.ts).
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { apiTokens } from "../db/schema";
import { accountChanged } from "./token-cache";

export async function revokeApiToken(
  db: DbOrTx,
  args: { tokenId: string; userId: string; now: Date },
): Promise<{ revoked: boolean }> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: args.now })
    .where(and(eq(apiTokens.id, args.tokenId), eq(apiTokens.userId, args.userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length > 0) await accountChanged(db, args.userId);
  return { revoked: rows.length > 0 };
}
