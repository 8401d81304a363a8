// Email verification (API.md "Email verification and the local mailbox"). Every new account is sent
// a link `{APP_URL}/verify-email?token=…`; opening it (a page that posts) or POST
// /api/v1/auth/verify-email proves the address. Until then a brand's admin cannot create codes and a
// shopper is sent no announcements.
//
// The token is 32 bytes, HMAC-SHA256(secret, nonce): the outbox event carries only the random
// nonce, so neither the outbox nor Inngest ever holds a usable link, and the email job derives the
// very same token on every retry (same message, same idempotency key: sent once). The database
// keeps only the token's SHA-256.
import "server-only";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../db";
import { emailVerifications, users } from "../db/schema";
import { DomainError } from "../errors";
import { enqueueEvent } from "../events/outbox";
import { loadAccount } from "./load-account";
import { accountChanged } from "./token-cache";
import { toPublicUser, type PublicUser } from "./types";

/** How long a link works. */
export const VERIFICATION_TTL_MS = 48 * 60 * 60 * 1000;
/** At most one new link per user this often (POST …/verify-email/resend). */
export const RESEND_INTERVAL_MS = 60 * 1000;

const PURPOSE = "discounts:email-verification:v1:";
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The link's token for an outbox event's nonce (the job and the request derive the same one). */
export function verificationToken(nonce: string, secret: string): string {
  return createHmac("sha256", secret).update(PURPOSE + nonce).digest("base64url");
}

export function hashVerificationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function verifyEmailUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/verify-email?token=${encodeURIComponent(token)}`;
}

/**
 * Inside the caller's transaction: a new link for the user's address and its outbox row
 * `account/verification.requested`. Dispatch `outboxId` after the commit.
 */
export async function requestVerification(
  tx: DbOrTx,
  args: { userId: string; email: string; now: Date; secret: string },
): Promise<{ outboxId: number; expiresAt: Date }> {
  const nonce = randomBytes(32).toString("base64url");
  const expiresAt = new Date(args.now.getTime() + VERIFICATION_TTL_MS);
  await tx.insert(emailVerifications).values({
    tokenHash: hashVerificationToken(verificationToken(nonce, args.secret)),
    userId: args.userId,
    email: args.email,
    expiresAt,
    createdAt: args.now,
  });
  const event = await enqueueEvent(tx, { name: "account/verification.requested", payload: { userId: args.userId, nonce } });
  return { outboxId: event.id, expiresAt };
}

const invalid = (detail = "This verification link is not valid. Use the link from your latest email, or send a new one.") =>
  new DomainError("invalid_token", detail);

/**
 * Proves the address the token was sent to. Idempotent: a token of an account that is verified
 * (for the same address) answers with the user again. Unknown, expired, and used tokens of an
 * account that is not verified → `invalid_token`.
 */
export async function verifyEmail(db: Db, { token, now }: { token: string; now: Date }): Promise<PublicUser> {
  if (!TOKEN_SHAPE.test(token)) throw invalid();
  const tokenHash = hashVerificationToken(token);
  const userId = await db.transaction(async (tx) => {
    const [link] = await tx
      .select({ userId: emailVerifications.userId, email: emailVerifications.email, expiresAt: emailVerifications.expiresAt, usedAt: emailVerifications.usedAt })
      .from(emailVerifications)
      .where(eq(emailVerifications.tokenHash, tokenHash))
      .for("update");
    if (!link) throw invalid();
    const [user] = await tx
      .select({ email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, link.userId));
    // The link proves the address it was sent to, not one the account changed to since.
    if (!user || user.email !== link.email) throw invalid("This link was sent to an address the account no longer uses.");
    if (user.emailVerified) {
      if (!link.usedAt) await tx.update(emailVerifications).set({ usedAt: now }).where(eq(emailVerifications.tokenHash, tokenHash));
      return link.userId; // verifying twice → 200
    }
    if (link.usedAt) throw invalid();
    if (link.expiresAt.getTime() <= now.getTime()) throw invalid("This verification link has expired. Send a new one.");
    await tx.update(emailVerifications).set({ usedAt: now }).where(eq(emailVerifications.tokenHash, tokenHash));
    await tx.update(users).set({ emailVerified: now }).where(eq(users.id, link.userId));
    await accountChanged(tx, link.userId);
    return link.userId;
  });
  const account = await loadAccount(db, userId);
  if (!account) throw invalid();
  return toPublicUser(account);
}

export type ResendResult = { sent: true; expiresAt: Date; outboxId: number } | { sent: false; reason: "already_verified" };

/**
 * A new link for a signed-in user who is not verified yet, at most one a minute: the user's row is
 * locked while the last link's time is checked, so two concurrent requests send one link.
 */
export async function resendVerification(db: Db, args: { userId: string; now: Date; secret: string }): Promise<ResendResult> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ email: users.email, emailVerified: users.emailVerified })
      .from(users)
      .where(eq(users.id, args.userId))
      .for("update");
    if (!user) throw new DomainError("not_found", "No such user.");
    if (user.emailVerified) return { sent: false as const, reason: "already_verified" as const };
    const [last] = await tx
      .select({ createdAt: emailVerifications.createdAt })
      .from(emailVerifications)
      .where(eq(emailVerifications.userId, args.userId))
      .orderBy(desc(emailVerifications.createdAt))
      .limit(1);
    const wait = last ? last.createdAt.getTime() + RESEND_INTERVAL_MS - args.now.getTime() : 0;
    if (wait > 0) {
      const retryAfter = Math.ceil(wait / 1000);
      throw new DomainError("rate_limited", `A link was sent less than a minute ago. Try again in ${retryAfter} s.`, {
        extra: { retryAfter },
      });
    }
    const r = await requestVerification(tx, { userId: args.userId, email: user.email, now: args.now, secret: args.secret });
    return { sent: true as const, ...r };
  });
}
