"use client";

import Link from "next/link";
import { CartIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";
import { itemCount, useCart } from "./cart-store";

/** The header's cart link with the number of items (known only in the browser). */
export function CartButton() {
  const { items } = useCart();
  const count = itemCount(items);
  return (
    <Link
      href="/checkout"
      className="relative inline-flex size-9 items-center justify-center rounded-lg text-fg-muted hover:bg-surface-sunken hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
      aria-label={count > 0 ? `Cart, ${count} ${count === 1 ? "item" : "items"}` : "Cart, empty"}
    >
      <CartIcon className="size-5" />
      <span
        className={cn(
          "absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-accent px-1 text-[0.65rem] font-semibold text-accent-fg tabular transition-opacity",
          count === 0 && "opacity-0",
        )}
        aria-hidden="true"
      >
        {count}
      </span>
    </Link>
  );
}
