// POST /api/v1/webhooks — add a webhook endpoint (brands; the secret is in this answer only);
// GET — the caller brand's endpoints, newest first, without secrets.
import { env } from "@/lib/env";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";
import { createWebhookBodySchema, createWebhookEndpoint, listWebhookEndpoints, resolveWithDns } from "@/lib/webhooks";

export const POST = withBrand({ body: createWebhookBodySchema }, async ({ body, brand, deps }) =>
  json(
    await createWebhookEndpoint(deps.db, { brandId: brand.id, body, now: deps.clock(), allowLocalhost: env.WEBHOOKS_ALLOW_LOCALHOST, resolve: resolveWithDns }),
    201,
  ),
);

export const GET = withBrand({}, async ({ brand, deps }) => json({ data: await listWebhookEndpoints(deps.db, brand.id) }));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
