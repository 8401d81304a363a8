// The local mailbox (embedded default, no RESEND_API_KEY): "sending" stores the message in
// mailbox_messages, shown at /dev/mailbox. It honours idempotency keys like Resend does: a
// message's id is derived from the key, so a retried batch inserts nothing new.
//
// Reading it is a developer tool, never a public page: it is on only on the embedded default (no
// DATABASE_URL) or with MAILBOX_ENABLED=1 (mailboxEnabled), and a signed-in user sees only the
// mail addressed to them — a brand's admin also the mail to their brand's other admins
// (mailboxRecipientsFor). Anonymous callers get nothing (the route and the page check).
import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db";
import { brandMembers, mailboxMessages, users } from "../db/schema";
import { assertBatchSize, type Mailer, type MailMessage, type SendOptions } from "./types";

export interface MailboxMailerOptions {
  db: Db;
  from: string;
}

/** The stored id of the `index`-th message sent under `idempotencyKey`. */
export function mailboxMessageId(idempotencyKey: string, index: number): string {
  const digest = createHash("sha256").update(`${idempotencyKey}\u0000${index}`).digest("hex");
  return `msg_${digest.slice(0, 26).toUpperCase()}`;
}

export function createMailboxMailer({ db, from }: MailboxMailerOptions): Mailer {
  async function store(messages: MailMessage[], idempotencyKey: string): Promise<string[]> {
    const rows = messages.map((m, i) => ({
      id: mailboxMessageId(idempotencyKey, i),
      to: m.to.toLowerCase(),
      from,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers ?? {},
    }));
    await db.insert(mailboxMessages).values(rows).onConflictDoNothing({ target: mailboxMessages.id });
    return rows.map((r) => r.id);
  }
  return {
    kind: "mailbox",
    async send(message: MailMessage, { idempotencyKey }: SendOptions) {
      const [id] = await store([message], idempotencyKey);
      return { id: id! };
    },
    async sendBatch(messages: MailMessage[], { idempotencyKey }: SendOptions) {
      assertBatchSize(messages);
      return { ids: await store(messages, idempotencyKey) };
    },
  };
}

export interface MailboxEntry {
  id: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  createdAt: Date;
}

const g = globalThis as unknown as { __mailboxEnabled?: boolean };

/**
 * Whether the local mailbox can be read (/dev/mailbox, /api/v1/dev/mailbox): never when email
 * goes out through Resend; otherwise on the embedded default, and on a configured DATABASE_URL
 * only with MAILBOX_ENABLED=1.
 */
export function mailboxEnabled(e: { DATABASE_URL?: string; MAILBOX_ENABLED?: boolean; RESEND_API_KEY?: string }): boolean {
  if (g.__mailboxEnabled !== undefined) return g.__mailboxEnabled;
  if (e.RESEND_API_KEY) return false;
  return !e.DATABASE_URL || e.MAILBOX_ENABLED === true;
}

/** Tests: force the mailbox on or off in this process (undefined → from the environment again). */
export function setMailboxEnabled(on: boolean | undefined): void {
  g.__mailboxEnabled = on;
}

/**
 * Whose mail a user may read: their own address, and for a brand's admin the addresses of every
 * admin of the brands they administer (the brand's notices go to each admin).
 */
export async function mailboxRecipientsFor(db: Db, user: { id: string; email: string }): Promise<string[]> {
  const mine = db.select({ brandId: brandMembers.brandId }).from(brandMembers).where(and(eq(brandMembers.userId, user.id), eq(brandMembers.role, "admin")));
  const rows = await db
    .select({ email: users.email })
    .from(brandMembers)
    .innerJoin(users, eq(users.id, brandMembers.userId))
    .where(and(inArray(brandMembers.brandId, mine), eq(brandMembers.role, "admin")));
  return [...new Set([user.email, ...rows.map((r) => r.email)].map((e) => e.trim().toLowerCase()))];
}

/**
 * Newest first. `recipients`: only mail to these addresses (always pass it for a user: see
 * mailboxRecipientsFor); `to` narrows to one address, case-insensitively.
 */
export async function listMailbox(db: Db, opts: { to?: string; limit?: number; recipients?: string[] } = {}): Promise<MailboxEntry[]> {
  const to = opts.to?.trim().toLowerCase();
  if (opts.recipients && to && !opts.recipients.includes(to)) return [];
  if (opts.recipients?.length === 0) return [];
  const where = to ? eq(mailboxMessages.to, to) : opts.recipients ? inArray(mailboxMessages.to, opts.recipients) : undefined;
  return db
    .select()
    .from(mailboxMessages)
    .where(where)
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(opts.limit ?? 50);
}

/** One message by id; with `recipients`, only if it was sent to one of them. */
export async function getMailboxMessage(db: Db, { id, recipients }: { id: string; recipients?: string[] }): Promise<MailboxEntry | null> {
  if (recipients?.length === 0) return null;
  const [row] = await db
    .select()
    .from(mailboxMessages)
    .where(and(eq(mailboxMessages.id, id), recipients ? inArray(mailboxMessages.to, recipients) : undefined));
  return row ?? null;
}
