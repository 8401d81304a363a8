// While the catalogue loads: product cards in grey, in the same grid.
import { Skeleton } from "@/components/ui/spinner";

export default function ShopLoading() {
  return (
    <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6 sm:py-10" aria-busy="true" aria-label="Loading products">
      <Skeleton className="h-4 w-32" />
      <Skeleton className="mt-3 h-8 w-24" />
      <Skeleton className="mt-3 h-4 w-full max-w-xl" />
      <Skeleton className="mt-10 h-6 w-40" />
      <div className="mt-5 grid grid-cols-1 gap-5 min-[480px]:grid-cols-2 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="overflow-hidden rounded-xl border border-line bg-surface shadow-card">
            <Skeleton className="aspect-[4/3]" round="rounded-none" />
            <div className="p-4">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="mt-2 h-3 w-44" />
              <Skeleton className="mt-6 h-8 w-28" />
            </div>
          </div>
        ))}
      </div>
    </main>
  );
}
