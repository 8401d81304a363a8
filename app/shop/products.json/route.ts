// GET /shop/products.json — the demo catalogue as JSON, for storefronts on other origins that
// embed the discount widget (examples/widget.html): they need each product's brandId for the cart.
// Public and read-only; CORS for the ALLOWED_ORIGINS the API allows.
import { connection } from "next/server";
import { listProducts } from "@/lib/catalog";
import { getDeps } from "@/lib/deps";
import { corsHeaders, httpConfig } from "@/lib/http";

export async function GET(req: Request) {
  await connection();
  const { db } = await getDeps();
  const products = await listProducts(db);
  return Response.json(
    {
      data: products.map((p) => ({
        sku: p.sku,
        name: p.name,
        description: p.description,
        unitAmount: p.unitAmount,
        currency: p.currency,
        brand: { id: p.brand.id, name: p.brand.name },
      })),
    },
    { headers: { ...corsHeaders(req.headers.get("origin"), httpConfig().allowedOrigins), "cache-control": "public, max-age=60" } },
  );
}
