"use client";

// The checkout: the cart grouped by brand, the discount widget, and the order summary. Before a
// code is applied the summary adds up the cart; after, the code is HELD for the shopper (a
// reserved usage with a countdown to its expiresAt and a Remove button that releases it), every
// number comes from the API's pricing, the code's brand's lines show their share of the discount,
// and the cart is locked. "Place order" is POST /api/v1/orders with the cart and the held usage's
// id: the API confirms the use with the order in one transaction, and the confirmation shows the
// order the API recorded.
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ArrowRightIcon, CartIcon, CheckIcon, MinusIcon, PlusIcon, TagIcon, TrashIcon } from "@/components/icons";
import { ProductArt } from "@/components/shop/product-art";
import { cart, itemCount, useCart, type AppliedDiscount } from "@/components/shop/cart-store";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/spinner";
import { Alert } from "@/components/ui/alert";
import { countdownWords, formatCountdown, localDeadline, secondsLeft } from "@/lib/cart/countdown";
import { formatMoney } from "@/lib/cart/format";
import { allocateDiscount, lineTotal, subtotalOf, toApiCart } from "@/lib/cart/pricing";
import { refusalFor, type Refusal } from "@/lib/cart/refusals";
import { ruleOffWords } from "@/lib/cart/rule-words";
import type { CartItem } from "@/lib/cart/types";
import { placeOrder, redeem, release, type Order } from "@/widget/api";
import { DiscountWidgetElement } from "./discount-widget-element";

interface PlacedOrder {
  order: Order;
  items: CartItem[];
  applied: AppliedDiscount | null;
}

/** The same-origin API: the session cookie is the credential. */
const api = () => ({ base: window.location.origin });

function offWords(a: AppliedDiscount): string {
  return a.rule ? ruleOffWords(a.rule) : `${a.discount ?? 0}% off`;
}

/** Seconds left on the held code (this device's deadline), ticking once a second; 0 once the hold ran out; null without a hold. */
function useSecondsLeft(endsAt: number | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0); // at once: `now` may be from long before this hold
    const t = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, [endsAt]);
  return endsAt ? secondsLeft(new Date(endsAt), now) : null;
}

export function Checkout({ userId }: { userId: string }) {
  const { items, applied, hydrated } = useCart();
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [problem, setProblem] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState<"order" | "remove" | "reapply" | null>(null);
  const appliedRef = useRef<HTMLDivElement>(null);
  const left = useSecondsLeft(applied?.holdEndsAt ?? (applied?.expiresAt ? Date.parse(applied.expiresAt) : null));
  const expired = left === 0;
  const warned = useRef(false);
  useEffect(() => {
    if (left === null || left > 60) warned.current = false;
    else if (left > 0 && !warned.current) {
      warned.current = true;
      setAnnouncement(`${countdownWords(left)} left to place your order with ${applied?.code}.`);
    }
  }, [left, applied?.code]);
  const currency = items[0]?.currency ?? "EUR";
  const subtotal = subtotalOf(items);
  const discountParts = useMemo(
    () => (applied?.pricing && !expired ? allocateDiscount(items, applied.brand.id, applied.pricing.discountAmount) : items.map(() => 0)),
    [items, applied, expired],
  );
  // A hold that ran out no longer discounts anything: the full price until the code is applied again.
  const total = applied?.pricing && !expired ? applied.pricing.total : subtotal;
  const cartJson = useMemo(() => JSON.stringify(toApiCart(items, currency)), [items, currency]);

  async function removeCode() {
    if (!applied) return;
    setBusy("remove");
    setProblem(null);
    const res = applied.usageId && !expired ? await release(api(), applied.usageId) : null;
    setBusy(null);
    // A hold that already ran out (409) is released all the same.
    if (res && !res.ok && res.status !== 409) return setProblem(res.refusal);
    cart.unapply();
    setAnnouncement(`${applied.code} removed. Your total is back to ${formatMoney(subtotal, currency)}.`);
  }

  async function applyAgain() {
    if (!applied) return;
    setBusy("reapply");
    setProblem(null);
    // The old hold first (this browser's clock may run ahead of the server's sweep): released, or already gone.
    if (applied.usageId) await release(api(), applied.usageId);
    const res = await redeem(api(), { code: applied.code, userId, cart: toApiCart(items, currency), hold: true });
    setBusy(null);
    if (!res.ok) return setProblem(refusalFor(res.refusal.code, { ...res.ctx, code: applied.code, brandName: applied.brand.name }));
    const holdEndsAt = localDeadline(res.value);
    cart.apply({ ...applied, pricing: res.value.pricing ?? null, usedAt: res.value.usedAt, usageId: res.value.id, expiresAt: res.value.expiresAt ?? null, holdEndsAt });
    setAnnouncement(`${applied.code} applied again.${holdEndsAt ? ` Held for you for ${countdownWords(secondsLeft(new Date(holdEndsAt)))}.` : ""}`);
    requestAnimationFrame(() => appliedRef.current?.focus());
  }

  async function order() {
    setBusy("order");
    setProblem(null);
    const res = await placeOrder(api(), { userId, cart: toApiCart(items, currency), ...(applied?.usageId ? { usageId: applied.usageId } : {}) }, applied?.code);
    setBusy(null);
    if (!res.ok) {
      return setProblem(applied ? refusalFor(res.refusal.code, { ...res.ctx, code: applied.code, brandName: applied.brand.name }) : res.refusal);
    }
    setPlaced({ order: res.value, items, applied });
    cart.clear();
    window.scrollTo({ top: 0 });
  }

  if (!hydrated) return <CheckoutSkeleton />;

  if (placed) return <OrderPlaced order={placed} />;

  if (items.length === 0) {
    return (
      <Card className="mt-8">
        <EmptyState
          icon={<CartIcon className="size-6" />}
          title="Your cart is empty"
          action={<ButtonLink href="/shop">Browse the shop</ButtonLink>}
        >
          Add products from one or more brands, then come back here to apply a discount code.
        </EmptyState>
      </Card>
    );
  }

  const groups = groupLines(items);

  return (
    <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
      <Card aria-labelledby="cart-title">
        <div className="flex items-center justify-between border-b border-line px-5 py-4">
          <h2 id="cart-title" className="text-base font-semibold text-fg">
            Cart <span className="font-normal text-fg-muted">· {itemCount(items)} {itemCount(items) === 1 ? "item" : "items"}</span>
          </h2>
          {applied ? (
            <Badge tone="neutral">Locked — code applied</Badge>
          ) : (
            <ButtonLink href="/shop" variant="ghost" size="sm">
              Add more
            </ButtonLink>
          )}
        </div>
        {groups.map((g) => {
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

      <div className="flex flex-col gap-4 lg:sticky lg:top-20">
        <Card aria-labelledby="summary-title">
          <h2 id="summary-title" className="border-b border-line px-5 py-4 text-base font-semibold text-fg">
            Order summary
          </h2>
          <div className="px-5 py-4">
            {applied && expired ? (
              <div ref={appliedRef} tabIndex={-1} className="outline-none" data-testid="hold-expired">
                <Alert tone="warning" title={`Your hold on ${applied.code} ran out`}>
                  <p>The code was kept for you for a limited time. Apply it again to keep the discount, or remove it and pay the full price.</p>
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Button size="sm" pending={busy === "reapply"} onClick={() => void applyAgain()}>
                      Apply again
                    </Button>
                    <Button size="sm" variant="secondary" pending={busy === "remove"} onClick={() => void removeCode()}>
                      Remove code
                    </Button>
                  </div>
                </Alert>
              </div>
            ) : applied ? (
              <div ref={appliedRef} tabIndex={-1} className="rounded-lg border border-emerald-200 bg-emerald-50 px-3.5 py-3 text-sm outline-none dark:border-emerald-500/30 dark:bg-emerald-500/10">
                <div className="flex items-start justify-between gap-3">
                  <p className="flex items-center gap-2 font-medium text-emerald-900 dark:text-emerald-100">
                    <CheckIcon className="size-4" />
                    <span>
                      <span className="font-mono">{applied.code}</span> applied
                    </span>
                  </p>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="-my-1"
                    pending={busy === "remove"}
                    onClick={() => void removeCode()}
                    aria-label={`Remove code ${applied.code}`}
                  >
                    Remove
                  </Button>
                </div>
                <p className="mt-1 text-emerald-900/80 dark:text-emerald-100/80">
                  {offWords(applied)} {applied.brand.name} items.
                </p>
                {left !== null ? (
                  <p className="mt-1 text-emerald-900/80 dark:text-emerald-100/80" data-testid="hold-countdown">
                    Held for you for{" "}
                    <span role="timer" aria-live="off" className="font-semibold text-emerald-900 tabular dark:text-emerald-100">
                      {formatCountdown(left)}
                    </span>{" "}
                    — place your order before then.
                  </p>
                ) : null}
              </div>
            ) : (
              <DiscountWidgetElement
                userId={userId}
                cartJson={cartJson}
                onApplied={(d) => {
                  setProblem(null);
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
                    holdEndsAt: localDeadline(d.usage),
                  });
                  setAnnouncement(
                    (d.pricing
                      ? `${d.code} applied. You saved ${formatMoney(d.pricing.discountAmount, d.pricing.currency)}. New total ${formatMoney(d.pricing.total, d.pricing.currency)}.`
                      : `${d.code} applied.`) + (d.expiresAt ? ` Held for you for ${countdownWords(secondsLeft(new Date(localDeadline(d.usage) ?? 0)))}.` : ""),
                  );
                  requestAnimationFrame(() => appliedRef.current?.focus());
                }}
              />
            )}
            {problem ? (
              <Alert tone="danger" role="alert" className="mt-3" title={problem.title}>
                {problem.detail}
              </Alert>
            ) : null}
          </div>
          <dl className="flex flex-col gap-2.5 border-t border-line px-5 py-4 text-sm">
            <div className="flex justify-between">
              <dt className="text-fg-muted">Subtotal</dt>
              <dd className="text-fg tabular">{formatMoney(applied?.pricing?.subtotal ?? subtotal, currency)}</dd>
            </div>
            {applied?.pricing && !expired ? (
              <div className="flex justify-between" data-testid="discount-row">
                <dt className="text-fg-muted">
                  Discount <span className="font-mono text-xs">({applied.code})</span>
                </dt>
                <dd className="font-medium text-emerald-700 tabular dark:text-emerald-400">−{formatMoney(applied.pricing.discountAmount, currency)}</dd>
              </div>
            ) : null}
            <div className="flex justify-between">
              <dt className="text-fg-muted">Shipping</dt>
              <dd className="text-fg-muted">Free</dd>
            </div>
            <div className="mt-1 flex items-baseline justify-between border-t border-line pt-3.5">
              <dt className="text-base font-semibold text-fg">Total</dt>
              <dd className="text-xl font-semibold text-fg tabular" data-testid="order-total">
                {formatMoney(total, currency)}
              </dd>
            </div>
          </dl>
          <div className="border-t border-line px-5 py-4">
            <Button size="lg" className="w-full" pending={busy === "order"} disabled={busy !== null && busy !== "order"} onClick={() => void order()}>
              Place order · {formatMoney(total, currency)}
            </Button>
            <p className="mt-2.5 text-center text-xs text-fg-subtle">Demo store — no payment is taken.</p>
          </div>
        </Card>
        <span className="sr-only" role="status" aria-live="polite">
          {announcement}
        </span>
      </div>
    </div>
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
            {formatMoney(item.unitAmount, item.currency)} <span className="text-fg-subtle">each</span>
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
                  {formatMoney(full, item.currency)}
                </p>
                <p className="font-medium text-emerald-700 dark:text-emerald-400">
                  <span className="sr-only">Now </span>
                  {formatMoney(full - discount, item.currency)}
                </p>
              </>
            ) : (
              <p className="font-medium text-fg">{formatMoney(full, item.currency)}</p>
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

function CheckoutSkeleton() {
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

function OrderPlaced({ order: placed }: { order: PlacedOrder }) {
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
          {itemCount(items)} items for <span className="font-semibold text-fg tabular" data-testid="placed-total">{formatMoney(order.total, order.currency)}</span>
          {saved > 0 && applied ? (
            <>
              {" "}
              — you saved <span className="font-semibold text-emerald-700 tabular dark:text-emerald-400">{formatMoney(saved, order.currency)}</span> with{" "}
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
