// Session revocation. Sessions are JWTs (no session table), so each carries the user's
// `session_version` from when it was issued; bumping the version revokes every session issued
// before — on all of the user's devices. Sign-out and a password change bump it; the version is
// checked wherever the account is loaded (lib/http/caller.ts, auth.ts's jwt callback).
import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { users } from "../db/schema";
import { accountChanged } from "./token-cache";

/** The user's current session version, or null when the user no longer exists. */
export async function currentSessionVersion(db: DbOrTx, userId: string): Promise<number | null> {
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId));
  return row ? row.v : null;
}

/**
 * Revokes every session of the user issued so far; returns the new version, or null when nothing
 * changed. With `issuedAt` (signing out of a session issued at that version) only a current
 * session can do it: a session already revoked must not revoke the ones issued after it.
 */
export async function revokeSessions(db: DbOrTx, userId: string, opts: { issuedAt?: number } = {}): Promise<number | null> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(
      opts.issuedAt === undefined
        ? eq(users.id, userId)
        : and(eq(users.id, userId), lte(users.sessionVersion, opts.issuedAt)),
    )
    .returning({ v: users.sessionVersion });
  if (row) await accountChanged(db, userId);
  return row ? row.v : null;
}
