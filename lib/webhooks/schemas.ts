// The zod schemas of the webhook API (API.md "Webhooks"): they validate requests, type the domain
// functions and generate the OpenAPI document (lib/openapi).
import { z } from "zod";
import { safeText } from "../http/text";
import { webhookEventTypes } from "./event-types";
import { MAX_URL_LENGTH } from "./ssrf";

export const webhookEventTypeSchema = z
  .enum(webhookEventTypes)
  .meta({ id: "WebhookEventType", description: "What happened: a code created, a use confirmed or reversed, a code used up, a batch finished." });

export const createWebhookBodySchema = z
  .object({
    url: safeText()
      .min(1)
      .max(MAX_URL_LENGTH)
      .meta({
        description: "https to a public address; private, loopback and link-local targets are refused.",
        example: "https://shop.example.com/hooks/discounts",
      }),
    events: z
      .array(webhookEventTypeSchema)
      .min(1)
      .max(webhookEventTypes.length * 2)
      .transform((list) => [...new Set(list)])
      .meta({ description: "The event types to receive (duplicates are ignored)." }),
  })
  .meta({ id: "CreateWebhookRequest" });
export type CreateWebhookBody = z.output<typeof createWebhookBodySchema>;

const instant = z.string().meta({ format: "date-time", example: "2026-11-30T12:00:00.000Z" });

export const webhookEndpointSchema = z
  .object({
    id: z.string().meta({ example: "we_01JD3Z0Q8Y4N5V7W2X9K6M3P1R" }),
    url: z.string(),
    events: z.array(webhookEventTypeSchema),
    createdAt: instant,
  })
  .meta({ id: "WebhookEndpoint" });

export const createdWebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(webhookEventTypeSchema),
    secret: z.string().meta({
      description: "`whsec_` + base64 of 32 random bytes: verifies `webhook-signature` (Standard Webhooks). Shown only here.",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    }),
    createdAt: instant,
  })
  .meta({ id: "CreatedWebhook" });

export const webhookListSchema = z.object({ data: z.array(webhookEndpointSchema) }).meta({ id: "WebhookList" });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().meta({ description: "The event's id (the body's `id`).", example: "evt_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e" }),
    type: webhookEventTypeSchema,
    attempt: z.int().min(1),
    status: z.enum(["pending", "succeeded", "failed"]).meta({
      description: "`succeeded`: a 2xx answer; `pending`: no 2xx, another attempt is scheduled; `failed`: no 2xx and no more attempts.",
    }),
    responseStatus: z.int().nullable().meta({ description: "The receiver's HTTP status; null on timeout, refusal or network error." }),
    createdAt: instant,
  })
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveryListSchema = z.object({ data: z.array(webhookDeliverySchema) }).meta({ id: "WebhookDeliveryList" });

export type WebhookEndpointView = z.output<typeof webhookEndpointSchema>;
export type CreatedWebhook = z.output<typeof createdWebhookSchema>;
export type WebhookDeliveryView = z.output<typeof webhookDeliverySchema>;
