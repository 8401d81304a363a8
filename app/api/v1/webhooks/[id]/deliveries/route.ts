// GET /api/v1/webhooks/{id}/deliveries — the endpoint's delivery attempts, newest first.
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";
import { listWebhookDeliveries } from "@/lib/webhooks";

export const GET = withBrand({}, async ({ params, brand, deps }) =>
  json({ data: await listWebhookDeliveries(deps.db, { brandId: brand.id, id: params.id ?? "" }) }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
