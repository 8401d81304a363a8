"use client";

import { useEffect, useState } from "react";
import { CheckIcon, PlusIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import type { CartItem } from "@/lib/cart/types";
import { cart, useCart } from "./cart-store";

/** Adds one of a product to the cart; says "Added" for a moment (also to screen readers). */
export function AddToCartButton({ item }: { item: Omit<CartItem, "quantity"> }) {
  const { items, applied, hydrated } = useCart();
  const [justAdded, setJustAdded] = useState(false);
  useEffect(() => {
    if (!justAdded) return;
    const t = setTimeout(() => setJustAdded(false), 1600);
    return () => clearTimeout(t);
  }, [justAdded]);
  const inCart = items.find((i) => i.sku === item.sku)?.quantity ?? 0;
  return (
    <div className="flex items-center gap-3">
      <Button
        variant={justAdded ? "secondary" : "primary"}
        size="sm"
        className="min-w-[7.5rem]"
        disabled={!hydrated || !!applied}
        onClick={() => {
          if (cart.add(item)) setJustAdded(true);
        }}
        // The visible words first, then which product: the accessible name contains the label (WCAG 2.5.3).
        aria-label={`${justAdded ? "Added" : "Add to cart"}: ${item.name}`}
      >
        {justAdded ? <CheckIcon className="size-4" /> : <PlusIcon className="size-4" />}
        {justAdded ? "Added" : "Add to cart"}
      </Button>
      <span className="text-xs text-fg-subtle tabular" aria-live="polite">
        {inCart > 0 ? `${inCart} in cart` : ""}
      </span>
    </div>
  );
}
