"use client";

// The checkout's cart: its lines grouped by brand, each with its quantity stepper and its total —
// after a code is applied, the code's brand's lines show their share of the API's discount
// (allocateDiscount) and the cart is locked.
import { useId } from "react";
import { MinusIcon, PlusIcon, TrashIcon } from "@/components/icons";
import { ProductArt } from "@/components/shop/product-art";
import { cart, itemCount, type AppliedDiscount } from "@/components/shop/cart-store";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatMoney } from "@/lib/cart/format";
import { lineTotal } from "@/lib/cart/pricing";
import { ruleOffWords } from "@/lib/cart/rule-words";
import type { CartItem } from "@/lib/cart/types";

/** "20% off" / "€5.00 off" for the applied code. */
export function offWords(a: AppliedDiscount): string {
  return a.rule ? ruleOffWords(a.rule) : `${a.discount ?? 0}% off`;
}

/** `discountParts[i]`: the discount on `items[i]` (0 for lines the code does not discount). */
export function CartCard({ items, applied, discountParts }: { items: CartItem[]; applied: AppliedDiscount | null; discountParts: number[] }) {
  const count = itemCount(items);
  return (
    <Card aria-labelledby="cart-title">
      <div className="flex items-center justify-between border-b border-line px-5 py-4">
        <h2 id="cart-title" className="text-base font-semibold text-fg">
          Cart <span className="font-normal text-fg-muted">· {count} {count === 1 ? "item" : "items"}</span>
        </h2>
        {applied ? (
          <Badge tone="neutral">Locked — code applied</Badge>
        ) : (
          <ButtonLink href="/shop" variant="ghost" size="sm">
            Add more
          </ButtonLink>
        )}
      </div>
      {groupLines(items).map((g) => {
        const discounted = applied?.brand.id === g.brandId;
        return (
          <section key={g.brandId} aria-label={`${g.brandName} items`} className="border-b border-line last:border-b-0">
            <div className="flex items-center justify-between gap-3 bg-surface-muted px-5 py-2.5">
              <h3 className="text-sm font-medium text-fg">{g.brandName}</h3>
              {discounted ? (
                <Badge tone="success" dot>
                  {applied.code} · {offWords(applied)}
                </Badge>
              ) : null}
            </div>
            <ul className="divide-y divide-line">
              {g.lines.map(({ item, index }) => (
                <CartLineRow key={item.sku} item={item} discount={discountParts[index] ?? 0} locked={!!applied} />
              ))}
            </ul>
          </section>
        );
      })}
    </Card>
  );
}

function CartLineRow({ item, discount, locked }: { item: CartItem; discount: number; locked: boolean }) {
  const qtyId = useId();
  const full = lineTotal(item);
  return (
    <li className="flex gap-4 px-5 py-4" data-sku={item.sku}>
      <ProductArt sku={item.sku} brandName={item.brandName} className="size-16 shrink-0 rounded-lg sm:size-20" />
      <div className="flex min-w-0 flex-1 flex-col gap-2 sm:flex-row sm:items-center sm:gap-4">
        <div className="min-w-0 flex-1">
          <p className="font-medium text-fg">{item.name}</p>
          <p className="text-sm text-fg-muted tabular">
            {formatMoney(item.unitAmount, { currency: item.currency })} <span className="text-fg-subtle">each</span>
          </p>
        </div>
        <div className="flex items-center justify-between gap-4 sm:justify-end">
          <div className="flex items-center gap-1" role="group" aria-labelledby={qtyId}>
            <span id={qtyId} className="sr-only">
              Quantity of {item.name}
            </span>
            <button
              type="button"
              className={stepper}
              disabled={locked}
              onClick={() => cart.setQuantity(item.sku, item.quantity - 1)}
              aria-label={item.quantity === 1 ? `Remove ${item.name}` : `One fewer ${item.name}`}
            >
              {item.quantity === 1 ? <TrashIcon className="size-4" /> : <MinusIcon className="size-4" />}
            </button>
            <output className="w-8 text-center text-sm font-medium text-fg tabular" aria-live="polite">
              {item.quantity}
            </output>
            <button
              type="button"
              className={stepper}
              disabled={locked || item.quantity >= 99}
              onClick={() => cart.setQuantity(item.sku, item.quantity + 1)}
              aria-label={`One more ${item.name}`}
            >
              <PlusIcon className="size-4" />
            </button>
          </div>
          <div className="w-24 text-right tabular" data-testid="line-total">
            {discount > 0 ? (
              <>
                <p className="text-xs text-fg-subtle line-through">
                  <span className="sr-only">Was </span>
                  {formatMoney(full, { currency: item.currency })}
                </p>
                <p className="font-medium text-emerald-700 dark:text-emerald-400">
                  <span className="sr-only">Now </span>
                  {formatMoney(full - discount, { currency: item.currency })}
                </p>
              </>
            ) : (
              <p className="font-medium text-fg">{formatMoney(full, { currency: item.currency })}</p>
            )}
          </div>
        </div>
      </div>
    </li>
  );
}

const stepper = cn(
  "inline-flex size-8 items-center justify-center rounded-md border border-line-strong bg-surface text-fg-muted shadow-card",
  "hover:bg-surface-sunken hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus",
  "disabled:cursor-not-allowed disabled:opacity-40",
);

function groupLines(items: CartItem[]) {
  const groups: { brandId: string; brandName: string; lines: { item: CartItem; index: number }[] }[] = [];
  items.forEach((item, index) => {
    let g = groups.find((x) => x.brandId === item.brandId);
    if (!g) groups.push((g = { brandId: item.brandId, brandName: item.brandName, lines: [] }));
    g.lines.push({ item, index });
  });
  return groups;
}
