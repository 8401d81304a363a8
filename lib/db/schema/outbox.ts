import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

// Transactional outbox: an event is written in the same transaction as the change it describes,
// then published (Inngest, or the in-process worker) and marked. Nothing lost, nothing twice.
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Stable id sent to Inngest as the event id, so a re-publish is deduplicated there. */
    eventId: text("event_id").notNull(),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    /** Not before this time (back-off after a failed publish). */
    availableAt: instant("available_at").notNull().defaultNow(),
    /** Set while a worker holds the event, so two workers never run it at once. */
    lockedUntil: instant("locked_until"),
    publishedAt: instant("published_at"),
    attempts: integer("attempts").notNull().default(0),
    /** Redacted: SQL state / error class and message, never bound parameters (lib/log). */
    lastError: text("last_error"),
    /** Set when the event ran out of attempts (or failed for good): kept for `npm run outbox:redrive`. */
    failedAt: instant("failed_at"),
  },
  (t) => [
    // The sweeper only ever looks at unpublished events: keep that index tiny.
    index("outbox_events_pending_idx")
      .on(t.availableAt, t.id)
      .where(sql`${t.publishedAt} is null and ${t.failedAt} is null`),
    // The dashboard lists failed events; the re-drive command picks them up.
    index("outbox_events_failed_idx")
      .on(t.failedAt)
      .where(sql`${t.failedAt} is not null`),
  ],
);

export type OutboxEvent = typeof outboxEvents.$inferSelect;
