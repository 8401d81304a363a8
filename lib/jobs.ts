// What each outbox event runs: the one dispatch table of the in-process worker (the embedded
// default). The Inngest functions (lib/inngest/functions.ts) call the very same job functions.
// Every job is idempotent: an event may run more than once (retries, a worker that died).
import type { EventDispatcher, EventName, EventPayloads } from "./events/types";
import { runBatchJob } from "./discounts/batches";
import { runNotificationJob, type NotificationPorts } from "./notifications";
import type { AnnounceOptions } from "./notifications/announce-code";
import { fanOutWebhooks, type WebhookPorts } from "./webhooks";

/** Everything a job may need; built once per process by lib/events/runtime.ts. */
export interface JobPorts extends NotificationPorts, WebhookPorts {
  /** Publishes outbox rows a job writes (a batch's completion). */
  events: EventDispatcher;
}

export interface OutboxEventRef<N extends EventName = EventName> {
  name: N;
  /** The outbox row's stable event id (the Inngest event id): the webhook message's event id. */
  eventId: string;
  payload: EventPayloads[N];
}

/** Runs every job an outbox event asks for. */
export async function runJob(ports: JobPorts, event: OutboxEventRef, opts: AnnounceOptions = {}): Promise<unknown> {
  const { name, payload } = event;
  switch (name) {
    case "discount/code.created":
    case "discount/code.redeemed":
    case "discount/usage.reversed": {
      const email = await runNotificationJob(ports, { name, payload: payload as EventPayloads[typeof name] }, opts);
      const webhooks = await fanOutWebhooks(ports, event);
      return { email, webhooks };
    }
    case "discount/code.exhausted":
    case "discount/batch.completed":
      return { webhooks: await fanOutWebhooks(ports, event) };
    case "discount/batch.requested":
      return runBatchJob(ports, payload as EventPayloads["discount/batch.requested"], opts);
    case "account/verification.requested":
      return runNotificationJob(ports, { name, payload: payload as EventPayloads[typeof name] }, opts);
    default:
      throw new Error(`No job for event ${String(name)}`);
  }
}
