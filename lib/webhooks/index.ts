// lib/webhooks: brands' webhook endpoints and the delivery of events to them (API.md part 2,
// "Webhooks"). Framework-free: the database, the clock and the HTTP sender are ports.
export { fanOutWebhooks, type FanOutResult } from "./fan-out";
export { deliverDueWebhooks, deliverAllDueWebhooks, signedHeaders, WEBHOOK_TIMEOUT_MS, type WebhookPorts, type DeliveryRound } from "./deliver";
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  listRecentBrandDeliveries,
  type BrandDeliveryView,
  newWebhookSecret,
} from "./endpoints";
export { webhookEventTypes, webhookEventId, webhookOutboxEvents, webhookTypeOfEvent, type WebhookEventType } from "./event-types";
export { createHttpSender, resolveWithDns, type WebhookOutcome, type WebhookRequest, type WebhookSender } from "./http-sender";
export { nextAttemptAt } from "./schedule";
export * from "./schemas";
export { isPublicAddress, nonPublicReason, vetWebhookUrl, type ResolveHost } from "./ssrf";
export { startWebhookRetryLoop, type WebhookRetryLoop } from "./retry-loop";
