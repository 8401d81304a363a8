"use client";

// After "Place order": the order the API recorded — its total and what the code saved.
import { ArrowRightIcon, CheckIcon, TagIcon } from "@/components/icons";
import { itemCount } from "@/components/shop/cart-store";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatMoney } from "@/lib/cart/format";
import type { PlacedOrder } from "./use-checkout-actions";

export function OrderPlaced({ order: placed }: { order: PlacedOrder }) {
  const { order, applied, items } = placed;
  const saved = order.discountAmount;
  return (
    <Card className="mx-auto mt-8 w-full max-w-xl">
      <EmptyState
        icon={<CheckIcon className="size-6" />}
        title="Order placed"
        action={
          <ButtonLink href="/shop" variant="secondary">
            Continue shopping
            <ArrowRightIcon className="size-4" />
          </ButtonLink>
        }
      >
        <p>
          {itemCount(items)} items for <span className="font-semibold text-fg tabular" data-testid="placed-total">{formatMoney(order.total, { currency: order.currency })}</span>
          {saved > 0 && applied ? (
            <>
              {" "}
              — you saved <span className="font-semibold text-emerald-700 tabular dark:text-emerald-400">{formatMoney(saved, { currency: order.currency })}</span> with{" "}
              <span className="inline-flex items-center gap-1 font-mono text-fg">
                <TagIcon className="size-3.5" />
                {applied.code}
              </span>
            </>
          ) : null}
          .
        </p>
        <p className="mt-1 text-xs text-fg-subtle">
          Order <span className="font-mono">{order.id}</span>
        </p>
      </EmptyState>
    </Card>
  );
}
