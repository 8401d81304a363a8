// The checkout's shape while the cart loads from this browser's storage.
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/spinner";

export function CheckoutSkeleton() {
  return (
    <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]" aria-busy="true" aria-label="Loading your cart">
      <Card className="p-5">
        <Skeleton className="h-5 w-32" />
        <div className="mt-6 flex flex-col gap-5">
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex gap-4">
              <Skeleton className="size-16 sm:size-20" round="rounded-lg" />
              <div className="flex-1">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="mt-2 h-3 w-20" />
              </div>
            </div>
          ))}
        </div>
      </Card>
      <Card className="p-5">
        <Skeleton className="h-5 w-36" />
        <Skeleton className="mt-6 h-10 w-full" />
        <Skeleton className="mt-6 h-24 w-full" />
      </Card>
    </div>
  );
}
