// GET /api/v1/discountcode/batch/{id}/codes.csv — a batch's codes as CSV, streamed page by page.
import { batchCodesCsv } from "@/lib/discounts/batches";
import { withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const GET = withBrand({}, async ({ params, brand, deps }) => {
  const { batch, lines } = await batchCodesCsv(deps.db, brand.id, params.id ?? "");
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${batch.prefix.toLowerCase()}-${batch.id.toLowerCase()}.csv"`,
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
