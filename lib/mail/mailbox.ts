// The local mailbox (embedded default, no RESEND_API_KEY): "sending" stores the message in
// mailbox_messages, shown at /dev/mailbox. It honours idempotency keys like Resend does: a
// message's id is derived from the key, so a retried batch inserts nothing new.
import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../db";
import { mailboxMessages } from "../db/schema";
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

/** Newest first; `to` matches case-insensitively. */
export async function listMailbox(db: Db, opts: { to?: string; limit?: number } = {}): Promise<MailboxEntry[]> {
  const where = opts.to ? eq(mailboxMessages.to, opts.to.trim().toLowerCase()) : undefined;
  return db
    .select()
    .from(mailboxMessages)
    .where(where)
    .orderBy(desc(mailboxMessages.createdAt), desc(mailboxMessages.id))
    .limit(opts.limit ?? 50);
}

export async function getMailboxMessage(db: Db, id: string): Promise<MailboxEntry | null> {
  const [row] = await db.select().from(mailboxMessages).where(eq(mailboxMessages.id, id));
  return row ?? null;
}
