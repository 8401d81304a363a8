// One outbox event → one webhook message per endpoint of its brand subscribed to its type, each
// with the same body built once (`{ id, type, createdAt, data }`), then one attempt of each.
// Idempotent: messages are unique per (endpoint, event), inserted ON CONFLICT DO NOTHING, and only
// pending, due messages are sent — so a re-run (a retried job, a re-driven event) sends nothing twice.
import { and, eq, sql } from "drizzle-orm";
import { webhookEndpoints, webhookMessages } from "../db/schema";
import type { OutboxEventRef } from "../jobs";
import { deliverDueWebhooks, type WebhookPorts } from "./deliver";
import { webhookEventId, webhookTypeOfEvent } from "./event-types";
import { newMessageId } from "./ids";
import { webhookDataFor } from "./payloads";

export interface FanOutResult {
  /** Messages created by this run (0 on a re-run). */
  messages: number;
  /** Attempts sent by this run, and how many got a 2xx. */
  attempted: number;
  succeeded: number;
}

export async function fanOutWebhooks(ports: WebhookPorts, event: OutboxEventRef): Promise<FanOutResult> {
  const none: FanOutResult = { messages: 0, attempted: 0, succeeded: 0 };
  const type = webhookTypeOfEvent[event.name];
  if (!type) return none;
  const found = await webhookDataFor(ports.db, event);
  if (!found) return none; // the object is gone: nothing to tell
  const endpoints = await ports.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.brandId, found.brandId), sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`));
  if (!endpoints.length) return none;
  const now = ports.clock();
  const eventId = webhookEventId(event.eventId);
  const body = JSON.stringify({ id: eventId, type, createdAt: now.toISOString(), data: found.data });
  const inserted = await ports.db
    .insert(webhookMessages)
    .values(endpoints.map((e) => ({ id: newMessageId(now.getTime()), endpointId: e.id, eventId, type, body, nextAttemptAt: now, createdAt: now })))
    .onConflictDoNothing({ target: [webhookMessages.endpointId, webhookMessages.eventId] })
    .returning({ id: webhookMessages.id });
  const round = await deliverDueWebhooks(ports, { eventId, limit: endpoints.length });
  return { messages: inserted.length, ...round };
}
