// GET /dashboard/codes/{id}/usages.csv — every redemption of one of the brand's codes as CSV,
// streamed page by page (keyset), so a code with millions of uses never sits in memory.
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { loadCode, looksLikeCodeId } from "@/lib/discounts";
import { allUsages, csvHeader, csvLine } from "../../../_data/code-analytics";

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await getBrandViewer();
  if (!ctx) return new Response("Only a brand's admins can export usages.\n", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  const { id } = await params;
  const deps = await getDeps();
  const code = looksLikeCodeId(id) ? await loadCode(deps.db, id.toLowerCase()) : null;
  if (!code || code.brand.id !== ctx.brand.id) {
    return new Response("No such code.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const rows = allUsages(deps.db, { brandId: ctx.brand.id, codeId: code.id });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader.join(",") + "\r\n"));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value) + "\r\n";
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = deps.clock().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${code.code.toLowerCase()}-usages-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
