import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { instant } from "./columns";

// Webhooks (API.md part 2): a brand's endpoints, the messages each endpoint is owed (one per
// event, its `webhook-id` and body fixed at creation so every retry is byte-identical), and every
// delivery attempt of them.
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: jsonb("events").$type<string[]>().notNull(),
    /** `whsec_` + base64 of 32 random bytes (Standard Webhooks); shown once. */
    secret: text("secret").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_brand_idx").on(t.brandId, t.createdAt)],
);

export const webhookMessages = pgTable(
  "webhook_messages",
  {
    /** The `webhook-id` header: the same on every retry. */
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    /** The event's id (the body's `id`); one message per endpoint and event. */
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    /** The exact body sent on every attempt. */
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    lockedUntil: instant("locked_until"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("webhook_messages_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_messages_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id")
      .notNull()
      .references(() => webhookMessages.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").notNull(),
    attempt: integer("attempt").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    responseStatus: integer("response_status"),
    /** Redacted reason of a failed attempt (timeout, refused address, …). */
    error: text("error"),
    durationMs: integer("duration_ms"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_deliveries_endpoint_created_idx").on(t.endpointId, t.createdAt.desc(), t.id)],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookMessage = typeof webhookMessages.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
