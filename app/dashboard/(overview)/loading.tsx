// While the codes list renders on the server: its frame in grey, the same size as the real thing.
// (Only here: a loading boundary above a page that can 404 would stream it as a 200.)
import { Skeleton } from "@/components/ui/spinner";

export default function DashboardLoading() {
  return (
    <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6" aria-busy="true" aria-label="Loading">
      <Skeleton className="h-8 w-56" />
      <Skeleton className="mt-3 h-4 w-full max-w-lg" />
      <div className="mt-8 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="rounded-xl border border-line bg-surface px-5 py-4 shadow-card">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="mt-3 h-7 w-16" />
            <Skeleton className="mt-2 h-3 w-20" />
          </div>
        ))}
      </div>
      <div className="mt-6 rounded-xl border border-line bg-surface shadow-card">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="flex items-center gap-6 border-b border-line px-5 py-4 last:border-b-0">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-5 w-16" round="rounded-full" />
            <Skeleton className="hidden h-4 w-40 md:block" />
            <Skeleton className="ml-auto h-4 w-8" />
          </div>
        ))}
      </div>
    </main>
  );
}
