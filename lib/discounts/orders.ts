// Orders (API.md part 2): POST /api/v1/orders records what a shopper bought; with `usageId` the
// user's reserved (or confirmed, not yet ordered) use is confirmed with this order in the same
// transaction, priced by the one pricing function against the order's cart. Every order counts
// for eligibility (order_brands: one row per brand in the order with its lines' amount).
import { and, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import { brands, orderBrands, orderLines, orders, usageRecords, users, type Order, type OrderLine } from "../db/schema";
import { DomainError } from "../errors";
import { newId } from "../ids";
import { loadCode, type CodeRecord } from "./code-cache";
import type { Actor, DiscountPorts } from "./ports";
import { priceOf, pricingInputOf, pricingRefusalOf, sumLines, type Cart, type Pricing } from "./pricing";
import { confirmInDb, endUsage } from "./usages";
import type { OrderView, PlaceOrderBody } from "./schemas";
import { decodeTimeCursor, encodeTimeCursor } from "./time-cursor";

function orderView(o: Order, lines: Pick<OrderLine, "sku" | "brandId" | "unitAmount" | "quantity">[]): OrderView {
  return {
    id: o.id,
    userId: o.userId,
    placedAt: o.placedAt.toISOString(),
    currency: o.currency,
    subtotal: o.subtotal,
    discountAmount: o.discountAmount,
    total: o.total,
    usageId: o.usageId,
    lines: lines.map((l) => ({ sku: l.sku, brandId: l.brandId, unitAmount: l.unitAmount, quantity: l.quantity })),
  };
}

const usageNotFound = () => new DomainError("not_found", "No usage with this id.", { errors: [{ path: "usageId", message: "not one of your usages" }] });

/** The brand lines' amount per brand of a cart. */
function amountsByBrand(cart: Cart): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of cart.lines) out.set(l.brandId, (out.get(l.brandId) ?? 0) + l.unitAmount * l.quantity);
  return out;
}

export async function placeOrder(ports: DiscountPorts, { actor, input }: { actor: Actor; input: PlaceOrderBody }): Promise<OrderView> {
  if (input.userId !== actor.user.id) throw new DomainError("forbidden", "A user can only place orders for themselves: userId must be your own id.");
  const pricingInput = pricingInputOf({ cart: input.cart });
  if (pricingInput.kind !== "cart") throw new DomainError("validation_failed", "cart: required", { errors: [{ path: "cart", message: "required" }] });
  const cart = pricingInput.cart;
  if (!cart.lines.length) throw new DomainError("validation_failed", "cart.lines: an order needs at least one line", { errors: [{ path: "cart.lines", message: "at least one line" }] });
  const now = ports.clock();

  let code: CodeRecord | null = null;
  let pricing: Pricing | undefined;
  let usage: { id: string; codeId: string; brandId: string; userId: string; usedAt: Date; status: string; orderId: string | null; expiresAt: Date | null } | undefined;
  let userSeq = 0;
  if (input.usageId !== undefined) {
    const [row] = /^use_[0-9A-Z]{26}$/.test(input.usageId)
      ? await ports.db
          .select({ usage: usageRecords, seq: users.seq })
          .from(usageRecords)
          .innerJoin(users, eq(users.id, usageRecords.userId))
          .where(and(eq(usageRecords.id, input.usageId), eq(usageRecords.userId, actor.user.id)))
      : [];
    if (!row) throw usageNotFound();
    usage = row.usage;
    userSeq = Number(row.seq);
    code = await loadCode(ports.db, usage.codeId);
    if (!code) throw usageNotFound();
    const expired = usage.status === "reserved" && (!usage.expiresAt || usage.expiresAt.getTime() <= now.getTime());
    if (usage.status === "released" || usage.status === "reversed" || expired) {
      if (expired) await endUsage(ports, usage, { to: "released", now, cap: code.maxRedemptions, userSeq });
      throw new DomainError("hold_expired", `The hold on ${code.code} has expired or was released; apply the code again.`);
    }
    if (usage.status === "confirmed" && usage.orderId !== null) {
      throw new DomainError("invalid_state", `This use of ${code.code} already belongs to order ${usage.orderId}.`);
    }
    const refusal = pricingRefusalOf(pricingInput, { brandId: code.brand.id, code: code.code, rule: code.rule });
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    pricing = priceOf(pricingInput, { brandId: code.brand.id, rule: code.rule });
  }

  const subtotal = sumLines(cart.lines);
  const discountAmount = pricing?.discountAmount ?? 0;
  const order: Order = {
    id: newId("order", now.getTime()),
    userId: actor.user.id,
    placedAt: now,
    currency: cart.currency,
    subtotal,
    discountAmount,
    total: Math.max(0, subtotal - discountAmount),
    usageId: usage?.id ?? null,
  };
  const outboxIds = await ports.db.transaction(async (tx) => {
    await tx.insert(orders).values(order);
    await tx.insert(orderLines).values(cart.lines.map((l, i) => ({ orderId: order.id, lineNo: i, sku: l.sku, brandId: l.brandId, unitAmount: l.unitAmount, quantity: l.quantity })));
    const byBrand = amountsByBrand(cart);
    // Only brands that exist count (a cart line may name any brand id).
    const known = await tx.select({ id: brands.id }).from(brands).where(inArray(brands.id, [...byBrand.keys()]));
    if (known.length) {
      await tx.insert(orderBrands).values(
        known.map((b) => ({ orderId: order.id, brandId: b.id, userId: order.userId, currency: order.currency, amount: Math.min(byBrand.get(b.id)!, 2_147_483_647), placedAt: now })),
      );
    }
    if (!usage) return [];
    if (usage.status === "confirmed") {
      // Confirmed at once earlier (no hold): attach the order and its pricing.
      const updated = await tx
        .update(usageRecords)
        .set({ orderId: order.id, ...pricingColumns(pricing) })
        .where(and(eq(usageRecords.id, usage.id), eq(usageRecords.status, "confirmed")))
        .returning({ id: usageRecords.id });
      if (!updated.length) throw new DomainError("hold_expired", `The use of ${code!.code} was reversed meanwhile.`);
      return [];
    }
    const confirmed = await confirmInDb(tx, usage, { now, orderId: order.id, pricing });
    if (!confirmed) throw new DomainError("hold_expired", `The hold on ${code!.code} has expired or was released; apply the code again.`);
    return confirmed.outboxIds;
  });
  if (outboxIds.length) ports.events.dispatch(outboxIds);
  return orderView(order, cart.lines);
}

function pricingColumns(p: Pricing | undefined) {
  return p ? { currency: p.currency, subtotal: p.subtotal, eligibleSubtotal: p.eligibleSubtotal, discountAmount: p.discountAmount, total: p.total } : {};
}

/** GET /orders — the caller's own orders, newest first, keyset pages on (placed_at, id). */
export async function listOrders(ports: Pick<DiscountPorts, "db">, { actor, query }: { actor: Actor; query: { limit: number; cursor?: string } }) {
  let after: SQL | undefined;
  if (query.cursor) {
    const c = decodeTimeCursor(query.cursor, "ord");
    after = or(lt(orders.placedAt, c.at), and(eq(orders.placedAt, c.at), lt(orders.id, c.id)));
  }
  const rows = await ports.db
    .select()
    .from(orders)
    .where(and(eq(orders.userId, actor.user.id), after))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const lines = page.length
    ? await ports.db.select().from(orderLines).where(inArray(orderLines.orderId, page.map((o) => o.id))).orderBy(orderLines.orderId, orderLines.lineNo)
    : [];
  const byOrder = new Map<string, OrderLine[]>();
  for (const l of lines) byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), l]);
  const last = page[page.length - 1];
  return {
    data: page.map((o) => orderView(o, byOrder.get(o.id) ?? [])),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.placedAt, last.id) : null,
  };
}
