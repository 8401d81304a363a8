// Job: email a verification link (event account/verification.requested), through the same mailer
// as every other email (Resend, or the local mailbox). The token is derived from the event's nonce
// (lib/accounts/verify-email.ts), so a retry renders the same message under the same delivery key
// and idempotency key: the link is sent once, however often the job runs.
import { eq } from "drizzle-orm";
import { hashVerificationToken, verificationToken, verifyEmailUrl } from "../accounts/verify-email";
import { emailVerifications, users } from "../db/schema";
import { renderMail } from "../mail/render";
import type { MailMessage } from "../mail/types";
import { firstName } from "./messages";
import { claimDeliveries, pendingDeliveries, sendClaimed, skipDeliveries } from "./deliveries";
import type { NotificationPorts } from "./ports";

export const VERIFICATION_TEMPLATE = "email-verification";

export interface SendVerificationResult {
  sent: number;
  skipped?: "link_not_found" | "already_verified" | "expired" | "address_changed";
}

/** One link, one email: the job key is the token's hash (a stable id, never the URL or content). */
export const verificationJobKey = (tokenHash: string) => `account.verification:${tokenHash}`;

export async function renderVerificationEmail(p: {
  to: string;
  name: string;
  role: "shopper" | "brand";
  verifyUrl: string;
  expiresAt: Date;
}): Promise<MailMessage> {
  return renderMail({
    template: "email-verification",
    to: p.to,
    props: { recipientName: firstName(p.name), verifyUrl: p.verifyUrl, expiresAt: p.expiresAt, role: p.role },
  });
}

export async function sendVerificationEmail(
  ports: NotificationPorts,
  { nonce }: { userId: string; nonce: string },
): Promise<SendVerificationResult> {
  const { db, mailer } = ports;
  const token = verificationToken(nonce, ports.unsubscribeSecret);
  const tokenHash = hashVerificationToken(token);
  const jobKey = verificationJobKey(tokenHash);
  const [link] = await db
    .select({
      email: emailVerifications.email,
      expiresAt: emailVerifications.expiresAt,
      usedAt: emailVerifications.usedAt,
      userEmail: users.email,
      name: users.name,
      role: users.role,
      emailVerified: users.emailVerified,
    })
    .from(emailVerifications)
    .innerJoin(users, eq(users.id, emailVerifications.userId))
    .where(eq(emailVerifications.tokenHash, tokenHash));
  const pending = await pendingDeliveries(db, jobKey);
  // Gone (account deleted, or AUTH_SECRET changed since the request: the user can ask for a new
  // link), or pointless now: close any claim and send nothing.
  const skip =
    !link ? "link_not_found" : link.emailVerified ? "already_verified" : link.userEmail !== link.email ? "address_changed" : link.expiresAt.getTime() <= ports.clock().getTime() ? "expired" : null;
  if (skip || !link) {
    await skipDeliveries(db, { dedupeKeys: pending.map((p) => p.dedupeKey), reason: skip ?? "link_not_found" });
    return { sent: 0, skipped: skip ?? "link_not_found" };
  }
  const claimed = await claimDeliveries(db, { jobKey, template: VERIFICATION_TEMPLATE, items: [{ dedupeKey: jobKey, to: link.email }] });
  // Claimed now, or claimed by an attempt that died before confirming: (re)send; else already sent.
  if (!claimed.has(jobKey) && pending.length === 0) return { sent: 0 };
  const message = await renderVerificationEmail({
    to: link.email,
    name: link.name,
    role: link.role,
    verifyUrl: verifyEmailUrl(ports.appUrl, token),
    expiresAt: link.expiresAt,
  });
  const sent = await sendClaimed({ db, mailer }, { jobKey, emails: [{ dedupeKey: jobKey, message }] });
  return { sent };
}
