// POST /api/v1/discountcodeusage/{usageId}/confirm — the usage's user confirms a held use.
import { confirmUsage, confirmUsageBodySchema } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: confirmUsageBodySchema }, async ({ params, body, caller, deps }) => json(await confirmUsage(deps, { actor: caller, usageId: params.id ?? "", input: body })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
