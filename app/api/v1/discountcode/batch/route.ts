// POST /api/v1/discountcode/batch — bulk unique codes (brands): 202, generated in the background;
// GET — the caller brand's batches, newest first.
import { createBatchBodySchema, listBatchesQuerySchema } from "@/lib/discounts/batch-schemas";
import { createBatch, listBatches } from "@/lib/discounts/batches";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withBrand({ body: createBatchBodySchema }, async ({ body, caller, deps }) => {
  const batch = await createBatch(deps, { actor: caller, body });
  return json(batch, { status: 202, headers: { location: `/api/v1/discountcode/batch/${batch.id}/` } });
});

export const GET = withBrand({ query: listBatchesQuerySchema }, async ({ query, brand, deps }) => json(await listBatches(deps.db, { brandId: brand.id, query })));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
