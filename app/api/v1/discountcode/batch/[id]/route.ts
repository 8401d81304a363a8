// GET /api/v1/discountcode/batch/{id} — a batch's status and progress (its brand's admins only).
import { getBatch } from "@/lib/discounts/batches";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const GET = withBrand({}, async ({ params, brand, deps }) => json(await getBatch(deps.db, { brandId: brand.id, batchId: params.id ?? "" })));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
