// GET /api/v1/discountrule/{id} — one of the brand's rules (another brand's → 404).
import { getRule } from "@/lib/discounts";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const GET = withBrand({}, async ({ params, brand, deps }) => json(await getRule(deps.db, { brandId: brand.id, ref: params.id ?? "" })));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
