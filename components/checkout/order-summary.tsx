"use client";

// The order summary card: the discount field (or the applied code) with any refusal under it, the
// totals — the API's pricing once a code is held, the cart's sum before — and "Place order".
import type { ReactNode } from "react";
import type { AppliedDiscount } from "@/components/shop/cart-store";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/cart/format";
import type { Refusal } from "@/lib/cart/refusals";

export function OrderSummary(p: {
  /** The discount field, or the applied code. */
  children: ReactNode;
  problem: Refusal | null;
  /** The applied code while its hold lasts (its pricing is the API's); null before, or once the hold ran out. */
  discount: AppliedDiscount | null;
  subtotal: number;
  total: number;
  currency: string;
  busy: "order" | "remove" | "reapply" | null;
  onOrder: () => void;
}) {
  const { discount, currency } = p;
  return (
    <Card aria-labelledby="summary-title">
      <h2 id="summary-title" className="border-b border-line px-5 py-4 text-base font-semibold text-fg">
        Order summary
      </h2>
      <div className="px-5 py-4">
        {p.children}
        {p.problem ? (
          <Alert tone="danger" role="alert" className="mt-3" title={p.problem.title}>
            {p.problem.detail}
          </Alert>
        ) : null}
      </div>
      <dl className="flex flex-col gap-2.5 border-t border-line px-5 py-4 text-sm">
        <div className="flex justify-between">
          <dt className="text-fg-muted">Subtotal</dt>
          <dd className="text-fg tabular">{formatMoney(p.subtotal, { currency })}</dd>
        </div>
        {discount?.pricing ? (
          <div className="flex justify-between" data-testid="discount-row">
            <dt className="text-fg-muted">
              Discount <span className="font-mono text-xs">({discount.code})</span>
            </dt>
            <dd className="font-medium text-emerald-700 tabular dark:text-emerald-400">−{formatMoney(discount.pricing.discountAmount, { currency })}</dd>
          </div>
        ) : null}
        <div className="flex justify-between">
          <dt className="text-fg-muted">Shipping</dt>
          <dd className="text-fg-muted">Free</dd>
        </div>
        <div className="mt-1 flex items-baseline justify-between border-t border-line pt-3.5">
          <dt className="text-base font-semibold text-fg">Total</dt>
          <dd className="text-xl font-semibold text-fg tabular" data-testid="order-total">
            {formatMoney(p.total, { currency })}
          </dd>
        </div>
      </dl>
      <div className="border-t border-line px-5 py-4">
        <Button size="lg" className="w-full" pending={p.busy === "order"} disabled={p.busy !== null && p.busy !== "order"} onClick={p.onOrder}>
          Place order · {formatMoney(p.total, { currency })}
        </Button>
        <p className="mt-2.5 text-center text-xs text-fg-subtle">Demo store — no payment is taken.</p>
      </div>
    </Card>
  );
}
