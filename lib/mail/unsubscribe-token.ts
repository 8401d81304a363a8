// Signed one-click unsubscribe tokens: `<userId>.<HMAC-SHA256(AUTH_SECRET, purpose + userId)>`.
// They carry no expiry on purpose — an unsubscribe link in an old email must keep working
// (RFC 8058) — and only ever switch notifications off, so a leaked link can do no more than that.
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
