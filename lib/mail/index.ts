// lib/mail: the Mailer port and its two adapters, chosen by the environment — Resend when
// RESEND_API_KEY is set, otherwise the local mailbox in the database (shown at /dev/mailbox).
import "server-only";
import type { Db } from "../db";
import { createMailboxMailer } from "./mailbox";
import { createResendMailer } from "./resend";
import type { Mailer } from "./types";

export * from "./types";
export { createResendMailer, type ResendMailerOptions } from "./resend";
export { createMailboxMailer, getMailboxMessage, listMailbox, mailboxMessageId, type MailboxEntry } from "./mailbox";
export { signUnsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

export interface MailEnv {
  RESEND_API_KEY?: string;
  RESEND_BASE_URL?: string;
  EMAIL_FROM: string;
  AUTH_SECRET?: string;
  NODE_ENV: "development" | "test" | "production";
}

/** True on the embedded default: email goes to the local mailbox, and /dev/mailbox exists. */
export function usesLocalMailbox(env: Pick<MailEnv, "RESEND_API_KEY">): boolean {
  return !env.RESEND_API_KEY;
}

export function mailerFromEnv(env: MailEnv, db: Db): Mailer {
  return env.RESEND_API_KEY
    ? createResendMailer({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL, from: env.EMAIL_FROM })
    : createMailboxMailer({ db, from: env.EMAIL_FROM });
}
