// GET /api/v1/discountcode/batch/{id}/codes.csv — a batch's codes as CSV, streamed page by page.
import { batchCodesCsv } from "@/lib/discounts/batches";
import { withBrand } from "@/lib/http";
import { csvResponse } from "@/lib/http/csv";
import { otherMethods } from "@/lib/http/methods";

export const GET = withBrand({}, async ({ params, brand, deps }) => {
  const { batch, lines } = await batchCodesCsv(deps.db, { brandId: brand.id, batchId: params.id ?? "" });
  return csvResponse(lines, `${batch.prefix.toLowerCase()}-${batch.id.toLowerCase()}.csv`);
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
