// The webhook event types of API.md ("Webhooks") and the outbox events they come from.
import type { EventName } from "../events/types";

export const webhookEventTypes = ["code.created", "usage.confirmed", "usage.reversed", "code.exhausted", "batch.completed"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The outbox event each webhook type is sent for (lib/jobs.ts runs fanOutWebhooks for these). */
export const webhookTypeOfEvent: Partial<Record<EventName, WebhookEventType>> = {
  "discount/code.created": "code.created",
  "discount/code.redeemed": "usage.confirmed",
  "discount/usage.reversed": "usage.reversed",
  "discount/code.exhausted": "code.exhausted",
  "discount/batch.completed": "batch.completed",
};

export const webhookOutboxEvents = Object.keys(webhookTypeOfEvent) as EventName[];

/**
 * The body's `id` for an outbox event: stable across re-runs and re-drives (outbox-store's redrive
 * appends `:r<n>` to the event id; the webhook event is still the same one, so it is stripped).
 */
export function webhookEventId(outboxEventId: string): string {
  return `evt_${outboxEventId.replace(/:r[0-9]+$/, "").replace(/-/g, "")}`;
}
