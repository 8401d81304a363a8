// lib/inngest: the client, the typed triggers, and the functions served at /api/inngest.
import { getDeps } from "../deps";
import { env } from "../env";
import { eventRuntime } from "../events/runtime";
import { inngestConfigured } from "./client";
import { createBatchFunctions } from "./batch-functions";
import { createNotificationFunctions } from "./functions";
import { createWebhookFunctions } from "./webhook-functions";
import { createHoldFunctions } from "./hold-functions";

export * from "./client";
export { createNotificationFunctions, type NotificationFunctionOptions } from "./functions";
export { createBatchFunctions, type BatchFunctionOptions } from "./batch-functions";
export { createWebhookFunctions, type WebhookFunctionOptions } from "./webhook-functions";

/** The client and functions to serve, or null on the embedded default (no Inngest keys). */
export async function inngestFromEnv() {
  if (!inngestConfigured(env)) return null;
  const deps = await getDeps();
  const runtime = eventRuntime(deps.database);
  if (runtime.mode !== "inngest") return null;
  const { functions } = createNotificationFunctions(runtime.inngest, {
    getPorts: async () => runtime.ports(),
    sweepOutbox: () => runtime.relay.sweep(),
  });
  const webhooks = createWebhookFunctions(runtime.inngest, { getPorts: async () => runtime.ports() });
  const batches = createBatchFunctions(runtime.inngest, { getPorts: async () => runtime.ports() });
  const holds = createHoldFunctions(runtime.inngest, { getPorts: async () => deps });
  return { client: runtime.inngest, functions: [...functions, ...webhooks.functions, ...batches.functions, ...holds.functions] };
}
