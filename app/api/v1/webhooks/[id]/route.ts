// GET /api/v1/webhooks/{id} — one of the caller brand's endpoints; DELETE — remove it (→ 204).
// Another brand's endpoint is not found.
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";
import { deleteWebhookEndpoint, getWebhookEndpoint } from "@/lib/webhooks";

export const GET = withBrand({}, async ({ params, brand, deps }) => json(await getWebhookEndpoint(deps.db, { brandId: brand.id, id: params.id ?? "" })));

export const DELETE = withBrand({}, async ({ params, brand, deps }) => {
  await deleteWebhookEndpoint(deps.db, { brandId: brand.id, id: params.id ?? "" });
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH, OPTIONS } = otherMethods({ GET, DELETE });
