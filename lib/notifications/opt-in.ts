// A shopper's choice to get (or not) announcements of new codes: the setting itself, and the
// one-click unsubscribe (RFC 8058) that clears it from a signed link in any announcement.
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { users } from "../db/schema";
import { DomainError } from "../errors";
import { verifyUnsubscribeToken } from "../mail/unsubscribe-token";

export interface NotificationSettings {
  userId: string;
  email: string;
  notifyNewCodes: boolean;
}

const columns = { userId: users.id, email: users.email, notifyNewCodes: users.notifyNewCodes };

export async function getNotificationSettings(db: Db, userId: string): Promise<NotificationSettings> {
  const [row] = await db.select(columns).from(users).where(eq(users.id, userId));
  if (!row) throw new DomainError("not_found", "No such user.");
  return row;
}

export async function setNotificationOptIn(db: Db, userId: string, notifyNewCodes: boolean): Promise<NotificationSettings> {
  const [row] = await db.update(users).set({ notifyNewCodes }).where(eq(users.id, userId)).returning(columns);
  if (!row) throw new DomainError("not_found", "No such user.");
  return row;
}

/** Whom a link's token names, without changing anything (the confirmation page). */
export async function unsubscribeTarget(db: Db, token: string, secret: string): Promise<NotificationSettings | null> {
  const userId = verifyUnsubscribeToken(token, secret);
  if (!userId) throw new DomainError("bad_request", "This unsubscribe link is not valid. Use the link from your latest email.");
  const [row] = await db.select(columns).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/**
 * The one click: switches announcements off for the token's user. Idempotent; a valid link of a
 * deleted account succeeds too (there is nothing left to send to).
 */
export async function unsubscribe(db: Db, token: string, secret: string): Promise<{ email: string | null }> {
  const userId = verifyUnsubscribeToken(token, secret);
  if (!userId) throw new DomainError("bad_request", "This unsubscribe link is not valid. Use the link from your latest email.");
  const [row] = await db.update(users).set({ notifyNewCodes: false }).where(eq(users.id, userId)).returning({ email: users.email });
  return { email: row?.email ?? null };
}
