// /shop — the demo marketplace: products of several brands, added to a cart kept in the browser.
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AddToCartButton } from "@/components/shop/add-to-cart-button";
import { CheckoutBar } from "@/components/shop/checkout-bar";
import { ProductArt } from "@/components/shop/product-art";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { TagIcon } from "@/components/icons";
import { formatMoney } from "@/lib/cart/format";
import { groupByBrand, listProducts } from "@/lib/catalog";
import { getDeps } from "@/lib/deps";

export const metadata: Metadata = { title: "Demo shop" };

export default async function ShopPage() {
  await connection();
  const { db } = await getDeps();
  const brands = groupByBrand(await listProducts(db));
  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <PageHeader
        eyebrow="Demo marketplace"
        title="Shop"
        description="Products from several brands in one cart. A brand's code takes its percentage off that brand's products only — try it at checkout."
        actions={<CheckoutBar />}
      />
      {brands.length === 0 ? (
        <EmptyState icon={<TagIcon className="size-6" />} title="No products yet" className="mt-8">
          The catalogue is empty. On the embedded default, <code className="font-mono">npm start</code> seeds two demo brands with products.
        </EmptyState>
      ) : (
        <div className="mt-8 flex flex-col gap-12">
          {brands.map((brand) => (
            <section key={brand.id} aria-labelledby={`brand-${brand.slug}`}>
              <div className="flex items-baseline justify-between gap-4 border-b border-line pb-3">
                <h2 id={`brand-${brand.slug}`} className="text-lg font-semibold tracking-tight text-fg">
                  {brand.name}
                </h2>
                <span className="text-sm text-fg-subtle">
                  {brand.products.length} {brand.products.length === 1 ? "product" : "products"}
                </span>
              </div>
              <ul className="mt-5 grid grid-cols-1 gap-5 min-[480px]:grid-cols-2 lg:grid-cols-4">
                {brand.products.map((p) => (
                  <li key={p.id} className="flex overflow-hidden rounded-xl border border-line bg-surface shadow-card min-[480px]:flex-col">
                    <ProductArt
                      sku={p.sku}
                      brandName={brand.name}
                      className="w-28 shrink-0 border-r border-line min-[480px]:aspect-[4/3] min-[480px]:w-auto min-[480px]:border-r-0 min-[480px]:border-b"
                    />
                    <div className="flex min-w-0 flex-1 flex-col gap-1 p-4">
                      <div className="flex items-start justify-between gap-3">
                        <h3 className="font-medium text-fg">{p.name}</h3>
                        <p className="shrink-0 font-semibold text-fg tabular">{formatMoney(p.unitAmount, { currency: p.currency })}</p>
                      </div>
                      <p className="text-sm text-fg-muted">{p.description}</p>
                      <p className="font-mono text-xs text-fg-subtle">{p.sku}</p>
                      <div className="mt-auto pt-4">
                        <AddToCartButton
                          item={{ sku: p.sku, brandId: brand.id, brandName: brand.name, name: p.name, unitAmount: p.unitAmount, currency: p.currency }}
                        />
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      <p className="mt-12 text-sm text-fg-muted">
        Got a code by email? Shoppers are emailed every new code — on the demo, they arrive in the{" "}
        <Link href="/dev/mailbox" className="font-medium text-accent-ink underline-offset-2 hover:underline">
          local mailbox
        </Link>
        .
      </p>
    </main>
  );
}
