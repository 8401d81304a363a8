// POST /api/v1/discountcode/{id}/deactivate — an admin of the code's brand ends it early.
import { deactivateCode, emptyBodySchema } from "@/lib/discounts";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withBrand({ body: emptyBodySchema }, async ({ params, caller, deps }) => json(await deactivateCode(deps, { actor: caller, ref: params.id ?? "" })));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
