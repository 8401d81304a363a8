// Authorization matrix rows: webhook endpoints (API.md "Webhooks") — brands only; another brand's
// endpoint is not found (404), never forbidden.
import { createWebhookEndpoint } from "../../lib/webhooks";
import type { AuthzRow, World } from "./types";
import { byPersona } from "./types";

const publicUrl = "https://93.184.215.14/hooks"; // an IP literal: no DNS in the test

/** A fresh endpoint of brand A (the brandAdmin's brand). */
async function endpointOfBrandA(w: World): Promise<string> {
  const created = await createWebhookEndpoint(w.db, {
    brandId: w.users.brandAdmin.brand!.id,
    body: { url: publicUrl, events: ["code.created"] },
    now: new Date(),
    allowLocalhost: false,
    resolve: async () => [],
  });
  return created.id;
}

const brandAOnly = (ok: number) => byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: ok, otherBrandAdmin: 404 });

export const rows: AuthzRow[] = [
  {
    route: "/api/v1/webhooks",
    method: "POST",
    what: "brands only, for their own brand",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 201, otherBrandAdmin: 201 }),
    request: () => ({ body: { url: publicUrl, events: ["usage.confirmed"] } }),
  },
  {
    route: "/api/v1/webhooks",
    method: "GET",
    what: "a brand's own endpoints: brands only",
    expect: byPersona({ anonymous: 401, badToken: 401, shopper: 403, otherShopper: 403, brandAdmin: 200, otherBrandAdmin: 200 }),
  },
  {
    route: "/api/v1/webhooks/[id]",
    method: "GET",
    what: "brand A's endpoint: its admin; another brand's admin gets 404",
    expect: brandAOnly(200),
    request: async (w) => ({ path: `/api/v1/webhooks/${await endpointOfBrandA(w)}` }),
  },
  {
    route: "/api/v1/webhooks/[id]",
    method: "DELETE",
    what: "brand A's endpoint: its admin; another brand's admin gets 404",
    expect: brandAOnly(204),
    request: async (w) => ({ path: `/api/v1/webhooks/${await endpointOfBrandA(w)}` }),
  },
  {
    route: "/api/v1/webhooks/[id]/deliveries",
    method: "GET",
    what: "brand A's endpoint's attempts: its admin; another brand's admin gets 404",
    expect: brandAOnly(200),
    request: async (w) => ({ path: `/api/v1/webhooks/${await endpointOfBrandA(w)}/deliveries` }),
  },
];
