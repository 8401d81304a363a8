// The demo shop's catalogue: every product with its brand, grouped by brand for the shop page.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { brands, products } from "../db/schema";

export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  unitAmount: number;
  currency: string;
  imageUrl: string | null;
  brand: { id: string; name: string; slug: string };
}

export interface CatalogBrand {
  id: string;
  name: string;
  slug: string;
  products: CatalogProduct[];
}

export async function listProducts(db: DbOrTx, o: { brandId?: string } = {}): Promise<CatalogProduct[]> {
  const rows = await db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      description: products.description,
      unitAmount: products.unitAmount,
      currency: products.currency,
      imageUrl: products.imageUrl,
      brandId: brands.id,
      brandName: brands.name,
      brandSlug: brands.slug,
    })
    .from(products)
    .innerJoin(brands, eq(brands.id, products.brandId))
    .where(o.brandId ? eq(products.brandId, o.brandId) : undefined)
    .orderBy(asc(brands.name), asc(products.createdAt), asc(products.sku));
  return rows.map(({ brandId, brandName, brandSlug, ...p }) => ({ ...p, brand: { id: brandId, name: brandName, slug: brandSlug } }));
}

/** Products grouped by brand, brands in name order, products in catalogue order. */
export function groupByBrand(items: readonly CatalogProduct[]): CatalogBrand[] {
  const groups = new Map<string, CatalogBrand>();
  for (const p of items) {
    let g = groups.get(p.brand.id);
    if (!g) groups.set(p.brand.id, (g = { ...p.brand, products: [] }));
    g.products.push(p);
  }
  return [...groups.values()];
}
