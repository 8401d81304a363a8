// GET /dashboard/codes/{id}/usages.csv — every redemption of one of the brand's codes as CSV,
// streamed page by page (keyset), so a code with millions of uses never sits in memory.
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { csvResponse } from "@/lib/http/csv";
import { loadCode, looksLikeCodeId } from "@/lib/discounts";
import { allUsages, csvHeader, csvLine } from "@/lib/discounts/code-analytics";

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
  // Pages of 500 lines: one chunk of the download each.
  async function* chunks(): AsyncGenerator<string> {
    yield csvHeader.join(",") + "\r\n";
    let chunk = "";
    let n = 0;
    for await (const row of rows) {
      chunk += csvLine(row) + "\r\n";
      if (++n % 500 === 0) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  const stamp = deps.clock().toISOString().slice(0, 10);
  return csvResponse(chunks(), `${code.code.toLowerCase()}-usages-${stamp}.csv`);
}
