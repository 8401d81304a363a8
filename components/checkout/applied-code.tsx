"use client";

// The applied code in the order summary: held for the shopper with a countdown and Remove, or —
// once its hold ran out — a warning offering to apply it again or remove it.
import type { Ref } from "react";
import { CheckIcon } from "@/components/icons";
import type { AppliedDiscount } from "@/components/shop/cart-store";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatCountdown } from "@/lib/cart/countdown";
import { offWords } from "./cart-card";

type Busy = "order" | "remove" | "reapply" | null;

export function HoldExpired({ ref, ...p }: { applied: AppliedDiscount; busy: Busy; onApplyAgain: () => void; onRemove: () => void; ref: Ref<HTMLDivElement> }) {
  return (
    <div ref={ref} tabIndex={-1} className="outline-none" data-testid="hold-expired">
      <Alert tone="warning" title={`Your hold on ${p.applied.code} ran out`}>
        <p>The code was kept for you for a limited time. Apply it again to keep the discount, or remove it and pay the full price.</p>
        <div className="mt-3 flex flex-wrap gap-2">
          <Button size="sm" pending={p.busy === "reapply"} onClick={p.onApplyAgain}>
            Apply again
          </Button>
          <Button size="sm" variant="secondary" pending={p.busy === "remove"} onClick={p.onRemove}>
            Remove code
          </Button>
        </div>
      </Alert>
    </div>
  );
}

/** `left`: seconds left on the hold (null without one). */
export function AppliedCode({ ref, ...p }: { applied: AppliedDiscount; left: number | null; busy: Busy; onRemove: () => void; ref: Ref<HTMLDivElement> }) {
  const { applied, left } = p;
  return (
    <div ref={ref} tabIndex={-1} className="rounded-lg border border-emerald-200 bg-emerald-50 px-3.5 py-3 text-sm outline-none dark:border-emerald-500/30 dark:bg-emerald-500/10">
      <div className="flex items-start justify-between gap-3">
        <p className="flex items-center gap-2 font-medium text-emerald-900 dark:text-emerald-100">
          <CheckIcon className="size-4" />
          <span>
            <span className="font-mono">{applied.code}</span> applied
          </span>
        </p>
        <Button size="sm" variant="ghost" className="-my-1" pending={p.busy === "remove"} onClick={p.onRemove} aria-label={`Remove code ${applied.code}`}>
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
  );
}
