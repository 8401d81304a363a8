// GET /api/v1/health — 200 when the database and the usage ledger answer, 503 otherwise.
import { getDatabase } from "@/lib/db";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const { healthy, body } = await checkHealth({
    db: async () => (await getDatabase()).ping(),
    // The usage ledger lives in the database until Upstash is configured (lib/ledger).
    ledger: async () => (await getDatabase()).ping(),
  });
  return Response.json(body, {
    status: healthy ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
