// The webhook functions of Inngest mode (the in-process worker calls the same lib/webhooks
// functions, lib/jobs.ts and lib/events/runtime.ts):
// - fan-out-webhooks: the five events webhooks are sent for → fanOutWebhooks as one step. It
//   is idempotent (one message per endpoint and event), so a retried run sends nothing twice;
//   a receiver's failure is not the run's failure: it is retried on the webhook schedule.
// - deliver-due-webhooks: every minute, one attempt of each message whose retry is due, in pages.
import { cron, eventType, staticSchema, type InngestFunction } from "inngest";
import type { EventName, EventPayloads } from "../events/types";
import { markFailedByEventId } from "../events/outbox-store";
import { assertEventPayload } from "../events/payloads";
import type { OutboxEventRef } from "../jobs";
import { log, summarizeError } from "../log";
import { deliverAllDueWebhooks, fanOutWebhooks, webhookOutboxEvents, type WebhookPorts } from "../webhooks";
import type { InngestClient } from "./client";
import { asStep } from "./functions";

export interface WebhookFunctionOptions {
  getPorts: () => Promise<WebhookPorts>;
}

const triggers = webhookOutboxEvents.map((name) => eventType(name, { schema: staticSchema<EventPayloads[typeof name]>() }));

export function createWebhookFunctions(inngest: InngestClient, opts: WebhookFunctionOptions) {
  const fanOut = inngest.createFunction(
    {
      id: "fan-out-webhooks",
      name: "Send an event to the brand's webhook endpoints",
      triggers,
      retries: 6,
      // Out of retries: the outbox row is marked failed, so `npm run outbox:redrive` sends it again.
      onFailure: async ({ event, error, step }) => {
        const eventId = event.data.event?.id;
        if (!eventId) return { recorded: false };
        return step.run("record-failure-in-outbox", async () => {
          const ports = await opts.getPorts();
          const recorded = await markFailedByEventId(ports.db, eventId, { now: ports.clock(), error });
          log.error({ eventId, recorded, err: summarizeError(error) }, "webhook fan-out failed for good; outbox event marked failed");
          return { eventId, recorded };
        });
      },
    },
    async ({ event, step }) =>
      step.run("fan-out-webhooks", () =>
        asStep(async () => {
          const name = event.name as EventName;
          assertEventPayload(name, event.data);
          const ref = { name, eventId: event.id ?? "", payload: event.data } as OutboxEventRef;
          if (!ref.eventId) throw new Error("A webhook event needs its outbox event id");
          return fanOutWebhooks(await opts.getPorts(), ref);
        }),
      ),
  );

  const deliverDue = inngest.createFunction(
    { id: "deliver-due-webhooks", name: "Retry webhook deliveries that are due", triggers: [cron("* * * * *")], retries: 0 },
    async ({ step }) => step.run("deliver-due", () => asStep(async () => deliverAllDueWebhooks(await opts.getPorts()))),
  );

  const functions: InngestFunction.Any[] = [fanOut, deliverDue];
  return { fanOut, deliverDue, functions };
}
