"use client";

import { ArrowRightIcon } from "@/components/icons";
import { ButtonLink } from "@/components/ui/button";
import { formatMoney } from "@/lib/cart/format";
import { subtotalOf } from "@/lib/cart/pricing";
import { itemCount, useCart } from "./cart-store";

/** The shop's "go to checkout" button with what is in the cart; its space is reserved while loading. */
export function CheckoutBar() {
  const { items, hydrated } = useCart();
  const count = itemCount(items);
  const currency = items[0]?.currency ?? "EUR";
  return (
    <div className="flex min-h-10 items-center gap-3">
      {hydrated && count > 0 ? (
        <span className="text-sm text-fg-muted tabular">
          {count} {count === 1 ? "item" : "items"} · <span className="font-medium text-fg">{formatMoney(subtotalOf(items), { currency })}</span>
        </span>
      ) : null}
      <ButtonLink href="/checkout" variant={count > 0 ? "primary" : "secondary"}>
        Checkout
        <ArrowRightIcon className="size-4" />
      </ButtonLink>
    </div>
  );
}
