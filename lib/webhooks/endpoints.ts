// A brand's webhook endpoints: create (the secret shown once), list, read, delete, and the
// delivery attempts of one. Every query names the brand in its where: another brand's endpoint is
// not found, never forbidden.
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db";
import { webhookDeliveries, webhookEndpoints, webhookMessages, type WebhookEndpoint } from "../db/schema";
import { DomainError } from "../errors";
import type { WebhookEventType } from "./event-types";
import { newEndpointId } from "./ids";
import type { CreateWebhookBody, CreatedWebhook, WebhookDeliveryView, WebhookEndpointView } from "./schemas";
import { vetWebhookUrl, type ResolveHost } from "./ssrf";

/** `whsec_` + base64 of 32 random bytes, as Standard Webhooks does. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function view(e: WebhookEndpoint): WebhookEndpointView {
  return { id: e.id, url: e.url, events: e.events as WebhookEventType[], createdAt: e.createdAt.toISOString() };
}

const notFound = () => new DomainError("not_found", "There is no such webhook endpoint.");

export async function createWebhookEndpoint(
  db: Db,
  opts: { brandId: string; body: CreateWebhookBody; now: Date; allowLocalhost: boolean; resolve: ResolveHost },
): Promise<CreatedWebhook> {
  const vetted = await vetWebhookUrl(opts.body.url, { allowLocalhost: opts.allowLocalhost, resolve: opts.resolve });
  if (!vetted.ok) {
    throw new DomainError("validation_failed", `The webhook URL ${vetted.reason}.`, { errors: [{ path: "url", message: vetted.reason }] });
  }
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: newEndpointId(opts.now.getTime()),
      brandId: opts.brandId,
      url: vetted.url.toString(),
      events: opts.body.events,
      secret: newWebhookSecret(),
      createdAt: opts.now,
    })
    .returning();
  return { ...view(row!), secret: row!.secret };
}

/** The brand's endpoints, newest first (a brand has a handful; no pagination). */
export async function listWebhookEndpoints(db: Db, brandId: string): Promise<WebhookEndpointView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.brandId, brandId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(100);
  return rows.map(view);
}

export async function getWebhookEndpoint(db: Db, opts: { brandId: string; id: string }): Promise<WebhookEndpointView> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, opts.id), eq(webhookEndpoints.brandId, opts.brandId)));
  if (!row) throw notFound();
  return view(row);
}

/** Deletes the endpoint with its messages and attempts (cascade): nothing more is sent to it. */
export async function deleteWebhookEndpoint(db: Db, opts: { brandId: string; id: string }): Promise<void> {
  const deleted = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, opts.id), eq(webhookEndpoints.brandId, opts.brandId)))
    .returning({ id: webhookEndpoints.id });
  if (!deleted.length) throw notFound();
}

/** A delivery attempt's columns (with its message's event), as a WebhookDeliveryView has them. */
const deliveryColumns = {
  id: webhookDeliveries.id,
  eventId: webhookMessages.eventId,
  type: webhookMessages.type,
  attempt: webhookDeliveries.attempt,
  status: webhookDeliveries.status,
  responseStatus: webhookDeliveries.responseStatus,
  createdAt: webhookDeliveries.createdAt,
};

/** A row read with `deliveryColumns` (and any more) as the API shows it. */
function deliveryView<R extends { type: string; createdAt: Date }>(r: R): Omit<R, "type" | "createdAt"> & { type: WebhookEventType; createdAt: string } {
  return { ...r, type: r.type as WebhookEventType, createdAt: r.createdAt.toISOString() };
}

/** The endpoint's delivery attempts, newest first. */
export async function listWebhookDeliveries(db: Db, opts: { brandId: string; id: string; limit?: number }): Promise<WebhookDeliveryView[]> {
  await getWebhookEndpoint(db, opts);
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(eq(webhookDeliveries.endpointId, opts.id))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(opts.limit ?? 100);
  return rows.map(deliveryView);
}

export interface BrandDeliveryView extends WebhookDeliveryView {
  endpointId: string;
  url: string;
}

/** The brand's most recent delivery attempts across its endpoints, newest first (the dashboard). */
export async function listRecentBrandDeliveries(db: Db, opts: { brandId: string; limit?: number }): Promise<BrandDeliveryView[]> {
  const rows = await db
    .select({ ...deliveryColumns, endpointId: webhookDeliveries.endpointId, url: webhookEndpoints.url })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
    .where(eq(webhookEndpoints.brandId, opts.brandId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(opts.limit ?? 20);
  return rows.map(deliveryView);
}
