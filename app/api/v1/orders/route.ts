// POST /api/v1/orders — place an order for oneself (optionally confirming a held use with it);
// GET — the caller's own orders, newest first.
import { listOrders, listOrdersQuerySchema, placeOrder, placeOrderBodySchema } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: placeOrderBodySchema }, async ({ body, caller, deps }) => json(await placeOrder(deps, { actor: caller, input: body }), 201));

export const GET = withUser({ query: listOrdersQuerySchema }, async ({ query, caller, deps }) => json(await listOrders(deps, { actor: caller, query })));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
