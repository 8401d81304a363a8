// POST /api/v1/discountcodeusage/{usageId}/reverse — the usage's user or an admin of the code's
// brand reverses a confirmed use (a cancelled or refunded order).
import { reverseUsage, reverseUsageBodySchema } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: reverseUsageBodySchema }, async ({ params, body, caller, deps }) => json(await reverseUsage(deps, { actor: caller, usageId: params.id ?? "", input: body })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
