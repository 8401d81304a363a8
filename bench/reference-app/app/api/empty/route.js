// The reference for `npm run bench`: the cheapest dynamic route handler Next can serve, built and
// started exactly as the product is (same Next version, same node_modules, `next start`).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
