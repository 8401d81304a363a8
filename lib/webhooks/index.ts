// lib/webhooks: brands' webhook endpoints and the delivery of events to them (API.md part 2,
// "Webhooks"). STUB — being built.
import type { Clock } from "../clock";
import type { Db } from "../db";
import type { OutboxEventRef } from "../jobs";

export interface WebhookPorts {
  db: Db;
  clock: Clock;
}

/** Turns one outbox event into one webhook message per subscribed endpoint of its brand, and sends them. */
export async function fanOutWebhooks(_ports: WebhookPorts, _event: OutboxEventRef): Promise<{ messages: number }> {
  return { messages: 0 };
}
