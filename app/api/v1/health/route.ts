// GET /api/v1/health — 200 when the database and the usage ledger answer, 503 otherwise.
import { getDeps } from "@/lib/deps";
import { checkHealth } from "@/lib/health";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export async function GET() {
  const { healthy, body } = await checkHealth({
    db: async () => (await getDeps()).database.ping(),
    // Upstash Redis when configured, else the usage_claims table (lib/ledger).
    ledger: async () => (await getDeps()).ledger.ping(),
  });
  return Response.json(body, {
    status: healthy ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
