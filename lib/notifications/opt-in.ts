// A shopper's choice to get (or not) announcements of new codes: the setting itself, and the
// one-click unsubscribe (RFC 8058) that clears it from a signed link in any announcement. Each
// announcement also carries a per-brand link: it stops only that brand's (a row in brand_opt_outs).
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { brandOptOuts, brands, users } from "../db/schema";
import { DomainError } from "../errors";
import { verifyAnyUnsubscribeToken } from "../mail/unsubscribe-token";

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

export async function setNotificationOptIn(db: Db, { userId, notifyNewCodes }: { userId: string; notifyNewCodes: boolean }): Promise<NotificationSettings> {
  const [row] = await db.update(users).set({ notifyNewCodes }).where(eq(users.id, userId)).returning(columns);
  if (!row) throw new DomainError("not_found", "No such user.");
  return row;
}

export interface UnsubscribeTarget extends NotificationSettings {
  /** A per-brand link: the brand (its name, while it exists) and whether it is stopped already. */
  brand?: { id: string; name: string | null; optedOut: boolean };
}

/** A link's token and the secret that signed it. */
interface UnsubscribeLink {
  token: string;
  secret: string;
}

function scopeOf(token: string, secret: string) {
  const scope = verifyAnyUnsubscribeToken(token, secret);
  if (!scope) throw new DomainError("bad_request", "This unsubscribe link is not valid. Use the link from your latest email.");
  return scope;
}

/** Whom (and which brand) a link's token names, without changing anything (the confirmation page). */
export async function unsubscribeTarget(db: Db, { token, secret }: UnsubscribeLink): Promise<UnsubscribeTarget | null> {
  const { userId, brandId } = scopeOf(token, secret);
  const [row] = await db.select(columns).from(users).where(eq(users.id, userId));
  if (!row) return null;
  if (!brandId) return row;
  const [[brand], [optOut]] = await Promise.all([
    db.select({ name: brands.name }).from(brands).where(eq(brands.id, brandId)),
    db
      .select({ userId: brandOptOuts.userId })
      .from(brandOptOuts)
      .where(and(eq(brandOptOuts.brandId, brandId), eq(brandOptOuts.userId, userId))),
  ]);
  return { ...row, brand: { id: brandId, name: brand?.name ?? null, optedOut: Boolean(optOut) } };
}

/**
 * The one click: a global link switches announcements off for the token's user; a per-brand link
 * stops that brand's only. Idempotent; a valid link of a deleted account succeeds too (there is
 * nothing left to send to).
 */
export async function unsubscribe(db: Db, { token, secret }: UnsubscribeLink): Promise<{ email: string | null; brandId?: string }> {
  const { userId, brandId } = scopeOf(token, secret);
  if (brandId) {
    const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    // One statement: an account deleted meanwhile inserts nothing (rather than failing its foreign key).
    await db.execute(
      sql`insert into ${brandOptOuts} (brand_id, user_id) select ${brandId}, ${users.id} from ${users} where ${users.id} = ${userId} on conflict do nothing`,
    );
    return { email: row?.email ?? null, brandId };
  }
  const [row] = await db.update(users).set({ notifyNewCodes: false }).where(eq(users.id, userId)).returning({ email: users.email });
  return { email: row?.email ?? null };
}
