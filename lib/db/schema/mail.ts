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
export const emailDeliveries = pgTable(
  "email_deliveries",
  {
    dedupeKey: text("dedupe_key").primaryKey(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    providerMessageId: text("provider_message_id"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
);
