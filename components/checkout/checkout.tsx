"use client";

// The checkout: the cart grouped by brand, the discount widget, and the order summary. Before a
// code is applied the summary adds up the cart; after, the code is HELD for the shopper (a
// reserved usage with a countdown to its expiresAt and a Remove button that releases it), every
// number comes from the API's pricing, the code's brand's lines show their share of the discount,
// and the cart is locked. "Place order" is POST /api/v1/orders with the cart and the held usage's
// id: the API confirms the use with the order in one transaction, and the confirmation shows the
// order the API recorded. This file composes the parts: cart-card (the lines), order-summary
// (totals, Place order), applied-code (the held code), use-checkout-actions (the API calls),
// use-hold-countdown (the hold's clock).
import { useMemo, useRef, useState } from "react";
import { CartIcon } from "@/components/icons";
import { cart, useCart } from "@/components/shop/cart-store";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { countdownWords, localDeadline, secondsLeft } from "@/lib/cart/countdown";
import { formatMoney } from "@/lib/cart/format";
import { allocateDiscount, subtotalOf, toApiCart } from "@/lib/cart/pricing";
import type { DiscountAppliedDetail } from "@/widget/discount-widget";
import { AppliedCode, HoldExpired } from "./applied-code";
import { CartCard } from "./cart-card";
import { CheckoutSkeleton } from "./checkout-skeleton";
import { DiscountWidgetElement } from "./discount-widget-element";
import { OrderPlaced } from "./order-placed";
import { OrderSummary } from "./order-summary";
import { useCheckoutActions } from "./use-checkout-actions";
import { useHoldCountdown } from "./use-hold-countdown";

export function Checkout({ userId }: { userId: string }) {
  const { items, applied, hydrated } = useCart();
  const [announcement, setAnnouncement] = useState("");
  const appliedRef = useRef<HTMLDivElement>(null);
  const focusApplied = () => requestAnimationFrame(() => appliedRef.current?.focus());
  const { left, expired } = useHoldCountdown(applied, setAnnouncement);
  const currency = items[0]?.currency ?? "EUR";
  const subtotal = subtotalOf(items);
  const actions = useCheckoutActions({ userId, items, currency, applied, expired, announce: setAnnouncement, focusApplied });
  // A hold that ran out no longer discounts anything: the full price until the code is applied again.
  const held = applied?.pricing && !expired ? applied : null;
  const discountParts = useMemo(() => (held?.pricing ? allocateDiscount(items, { brandId: held.brand.id, discountAmount: held.pricing.discountAmount }) : items.map(() => 0)), [items, held]);
  const total = held?.pricing ? held.pricing.total : subtotal;
  const cartJson = useMemo(() => JSON.stringify(toApiCart(items, currency)), [items, currency]);

  function onApplied(d: DiscountAppliedDetail) {
    actions.setProblem(null);
    const holdEndsAt = localDeadline(d.usage);
    cart.apply({
      code: d.code,
      codeId: d.codeId,
      discount: d.discount,
      rule: d.rule,
      brand: d.brand,
      pricing: d.pricing ?? null,
      usedAt: d.usage.usedAt,
      usageId: d.usageId,
      expiresAt: d.expiresAt,
      holdEndsAt,
    });
    setAnnouncement(
      (d.pricing
        ? `${d.code} applied. You saved ${formatMoney(d.pricing.discountAmount, { currency: d.pricing.currency })}. New total ${formatMoney(d.pricing.total, { currency: d.pricing.currency })}.`
        : `${d.code} applied.`) + (d.expiresAt ? ` Held for you for ${countdownWords(secondsLeft(new Date(holdEndsAt ?? 0)))}.` : ""),
    );
    focusApplied();
  }

  if (!hydrated) return <CheckoutSkeleton />;

  if (actions.placed) return <OrderPlaced order={actions.placed} />;

  if (items.length === 0) {
    return (
      <Card className="mt-8">
        <EmptyState icon={<CartIcon className="size-6" />} title="Your cart is empty" action={<ButtonLink href="/shop">Browse the shop</ButtonLink>}>
          Add products from one or more brands, then come back here to apply a discount code.
        </EmptyState>
      </Card>
    );
  }

  const { busy } = actions;
  return (
    <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
      <CartCard items={items} applied={applied} discountParts={discountParts} />
      <div className="flex flex-col gap-4 lg:sticky lg:top-20">
        <OrderSummary
          problem={actions.problem}
          discount={held}
          subtotal={applied?.pricing?.subtotal ?? subtotal}
          total={total}
          currency={currency}
          busy={busy}
          onOrder={() => void actions.order()}
        >
          {applied && expired ? (
            <HoldExpired ref={appliedRef} applied={applied} busy={busy} onApplyAgain={() => void actions.applyAgain()} onRemove={() => void actions.removeCode()} />
          ) : applied ? (
            <AppliedCode ref={appliedRef} applied={applied} left={left} busy={busy} onRemove={() => void actions.removeCode()} />
          ) : (
            <DiscountWidgetElement userId={userId} cartJson={cartJson} onApplied={onApplied} />
          )}
        </OrderSummary>
        <span className="sr-only" role="status" aria-live="polite">
          {announcement}
        </span>
      </div>
    </div>
  );
}
