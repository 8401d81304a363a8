// The brand dashboard's frame: the brand, and its sections as tabs. proxy.ts lets only brand
// admins in; this layout resolves which brand (one query) for every page below it.
import { redirect } from "next/navigation";
import { BookIcon } from "@/components/icons";
import { getBrandViewer } from "@/components/session";
import { brandPalette } from "@/components/shop/product-art";
import { TabLinks } from "@/components/site/nav-links";
import { cn } from "@/components/ui/cn";
import Link from "next/link";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard");
  const { brand } = ctx;
  return (
    <div className="flex flex-1 flex-col">
      {/* A named region, so the brand bar is inside a landmark like the rest of the page (axe "region"). */}
      <section aria-label={`${brand.name} dashboard`} className="border-b border-line bg-surface">
        <div className="mx-auto max-w-6xl px-4 pt-5 sm:px-6">
          <div className="flex items-center justify-between gap-4">
            <div className="flex min-w-0 items-center gap-3">
              <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-lg text-sm font-semibold", brandPalette(brand.name))} aria-hidden="true">
                {brand.name.slice(0, 1).toUpperCase()}
              </span>
              <div className="min-w-0">
                <p className="truncate text-sm font-semibold text-fg">{brand.name}</p>
                <p className="text-xs text-fg-muted">Brand dashboard</p>
              </div>
            </div>
            <Link
              href="/docs/api"
              className="inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-fg-muted hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            >
              <BookIcon className="size-4" />
              API reference
            </Link>
          </div>
          <div className="mt-4">
            <TabLinks
              label="Dashboard"
              items={[
                { href: "/dashboard", label: "Discount codes" },
                { href: "/dashboard/batches", label: "Bulk codes" },
                { href: "/dashboard/tokens", label: "API tokens" },
                { href: "/dashboard/webhooks", label: "Webhooks" },
              ]}
            />
          </div>
        </div>
      </section>
      {children}
    </div>
  );
}
