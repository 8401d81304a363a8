import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

// The local mailbox (embedded default, no RESEND_API_KEY): sent messages are stored here and
// shown at /dev/mailbox.
export const mailboxMessages = pgTable(
  "mailbox_messages",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    from: text("from").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("mailbox_messages_to_idx").on(t.to, t.createdAt)],
);

// One row per email that must go out at most once (e.g. `code.created:<codeId>:<userId>`),
// written before/with the send: a retried job skips recipients already delivered.
// A row is claimed (provider_message_id null) before its batch is sent and confirmed after; a
// batch that failed between the two is found again by its job and re-sent with the same
// idempotency key, so the provider deduplicates it.
export const emailDeliveries = pgTable(
  "email_deliveries",
  {
    dedupeKey: text("dedupe_key").primaryKey(),
    /** The job the email belongs to (`code.created:<codeId>`, `code.redeemed:<usageId>`). */
    jobKey: text("job_key").notNull(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    /** Null while claimed but not yet confirmed sent. */
    providerMessageId: text("provider_message_id"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    // "Which of this job's emails were claimed but never confirmed?" — only in-flight rows, tiny.
    index("email_deliveries_pending_idx")
      .on(t.jobKey)
      .where(sql`${t.providerMessageId} is null`),
  ],
);
