// POST /api/v1/discountcodeusage/{usageId}/release — the usage's user gives a held use back.
import { emptyBodySchema, releaseUsage } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: emptyBodySchema }, async ({ params, caller, deps }) => json(await releaseUsage(deps, { actor: caller, usageId: params.id ?? "" })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
