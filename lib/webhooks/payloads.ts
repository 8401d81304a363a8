// The `data` of a webhook: the object the event is about, as it is when the event is fanned out,
// with the brand it belongs to (the brand read from the row, not trusted from the event payload).
// Read straight from the tables: the webhook shape is its own contract and changes with it only.
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { brands, codeBatches, discountCodes, usageRecords } from "../db/schema";
import type { EventName, EventPayloads } from "../events/types";

export interface WebhookData {
  brandId: string;
  data: Record<string, unknown>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function codeData(db: Db, codeId: string): Promise<WebhookData | null> {
  const [row] = await db
    .select({ code: discountCodes, brandName: brands.name })
    .from(discountCodes)
    .innerJoin(brands, eq(brands.id, discountCodes.brandId))
    .where(eq(discountCodes.id, codeId));
  if (!row) return null;
  const c = row.code;
  return {
    brandId: c.brandId,
    data: {
      id: c.id,
      code: c.code,
      brand: { id: c.brandId, name: row.brandName },
      validFrom: iso(c.validFrom),
      validUntil: iso(c.validUntil),
      maxRedemptions: c.maxRedemptions,
      batchId: c.batchId,
      deactivatedAt: iso(c.deactivatedAt),
      createdAt: iso(c.createdAt),
    },
  };
}

async function usageData(db: Db, usageId: string): Promise<WebhookData | null> {
  const [row] = await db
    .select({ usage: usageRecords, code: discountCodes.code })
    .from(usageRecords)
    .innerJoin(discountCodes, eq(discountCodes.id, usageRecords.codeId))
    .where(eq(usageRecords.id, usageId));
  if (!row) return null;
  const u = row.usage;
  const priced = u.currency !== null && u.subtotal !== null;
  return {
    brandId: u.brandId,
    data: {
      id: u.id,
      code: row.code,
      codeId: u.codeId,
      brandId: u.brandId,
      userId: u.userId,
      status: u.status,
      usedAt: iso(u.usedAt),
      confirmedAt: iso(u.confirmedAt),
      endedAt: iso(u.endedAt),
      orderId: u.orderId,
      reversalReason: u.reversalReason,
      percent: u.percent,
      pricing: priced
        ? { currency: u.currency, subtotal: u.subtotal, eligibleSubtotal: u.eligibleSubtotal, discountAmount: u.discountAmount, total: u.total }
        : null,
    },
  };
}

async function batchData(db: Db, batchId: string): Promise<WebhookData | null> {
  const [b] = await db.select().from(codeBatches).where(eq(codeBatches.id, batchId));
  if (!b) return null;
  return {
    brandId: b.brandId,
    data: { id: b.id, status: b.status, created: b.created, total: b.total, prefix: b.prefix, finishedAt: iso(b.finishedAt) },
  };
}

/** The object an outbox event is about, or null when it no longer exists (nothing to send). */
export async function webhookDataFor(db: Db, { name, payload }: { name: EventName; payload: EventPayloads[EventName] }): Promise<WebhookData | null> {
  switch (name) {
    case "discount/code.created":
    case "discount/code.exhausted":
      return codeData(db, (payload as { codeId: string }).codeId);
    case "discount/code.redeemed":
    case "discount/usage.reversed":
      return usageData(db, (payload as { usageId: string }).usageId);
    case "discount/batch.completed":
      return batchData(db, (payload as { batchId: string }).batchId);
    default:
      return null;
  }
}
