// An API token's `lastUsedAt`, so its owner can tell a live token from a forgotten one. Written at
// most once a minute per token: the caller skips the write when the token it just loaded was used
// less than a minute ago, and the conditional UPDATE keeps concurrent requests (and other
// instances) from writing it twice within that minute.
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { apiTokens } from "../db/schema";

export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** Whether a token last used at `lastUsedAt` should be touched at `now`. */
export function tokenTouchDue(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS;
}

/** Records a use of the token at `now` unless one was recorded in the minute before; true if written. */
export async function touchApiToken(db: DbOrTx, { tokenId, now }: { tokenId: string; now: Date }): Promise<boolean> {
  const threshold = new Date(now.getTime() - TOKEN_TOUCH_INTERVAL_MS);
  const rows = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, threshold))))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
