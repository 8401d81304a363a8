// Signed one-click unsubscribe tokens: `<userId>.<HMAC-SHA256(AUTH_SECRET, purpose + userId)>`.
// They carry no expiry on purpose — an unsubscribe link in an old email must keep working
// (RFC 8058) — and only ever switch notifications off, so a leaked link can do no more than that.
// A per-brand token, `<userId>.<brandId>.<HMAC(…, brand purpose + userId + "." + brandId)>`, only
// stops one brand's announcements; a global token never verifies as a brand one, nor the reverse.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

const PURPOSE = "discounts:unsubscribe:v1:";
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

function mac(userId: string, secret: string): string {
  return createHmac("sha256", secret).update(PURPOSE + userId).digest("base64url");
}

export function signUnsubscribeToken(userId: string, secret: string): string {
  if (!USER_ID.test(userId)) throw new Error("Invalid user id for an unsubscribe token");
  return `${userId}.${mac(userId, secret)}`;
}

/** The user id the token was signed for, or null when it is malformed or forged. */
export function verifyUnsubscribeToken(token: string, secret: string): string | null {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const userId = token.slice(0, dot);
  if (!USER_ID.test(userId)) return null;
  const given = Buffer.from(token.slice(dot + 1), "utf8");
  const expected = Buffer.from(mac(userId, secret), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return userId;
}

const BRAND_PURPOSE = "discounts:unsubscribe-brand:v1:";

function brandMac(userId: string, brandId: string, secret: string): string {
  return createHmac("sha256", secret).update(`${BRAND_PURPOSE}${userId}.${brandId}`).digest("base64url");
}

/** The token for a scope: all announcements (signUnsubscribeToken's) or, with brandId, one brand's. */
export function signAnyUnsubscribeToken({ userId, brandId }: UnsubscribeScope, secret: string): string {
  if (brandId === undefined) return signUnsubscribeToken(userId, secret);
  if (!USER_ID.test(userId) || !USER_ID.test(brandId)) throw new Error("Invalid id for a brand unsubscribe token");
  return `${userId}.${brandId}.${brandMac(userId, brandId, secret)}`;
}

/** What an unsubscribe link stops: all announcements (no brandId) or one brand's. */
export interface UnsubscribeScope {
  userId: string;
  brandId?: string;
}

/** Either kind of unsubscribe token → its scope; null when malformed or forged. */
export function verifyAnyUnsubscribeToken(token: string, secret: string): UnsubscribeScope | null {
  const parts = token.split(".");
  if (parts.length === 2) {
    const userId = verifyUnsubscribeToken(token, secret);
    return userId ? { userId } : null;
  }
  if (parts.length !== 3) return null;
  const [userId, brandId, sig] = parts as [string, string, string];
  if (!USER_ID.test(userId) || !USER_ID.test(brandId)) return null;
  const given = Buffer.from(sig, "utf8");
  const expected = Buffer.from(brandMac(userId, brandId, secret), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, brandId };
}
