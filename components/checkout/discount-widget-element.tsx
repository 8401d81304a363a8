"use client";

// The checkout's discount field IS the embeddable widget (widget/): this component registers the
// custom element in the browser and forwards its events to React.
import { useEffect, useRef } from "react";
import type { DiscountAppliedDetail } from "@/widget/discount-widget";
import type { Refusal } from "@/lib/cart/refusals";

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "discount-widget": React.DetailedHTMLProps<React.HTMLAttributes<HTMLElement>, HTMLElement> & {
        "api-base"?: string;
        token?: string;
        "user-id"?: string;
        cart?: string;
        "cart-source"?: string;
        amount?: string;
        currency?: string;
        locale?: string;
        "hold-seconds"?: string;
        "usage-id"?: string;
      };
    }
  }
}

export function DiscountWidgetElement({
  userId,
  cartJson,
  onApplied,
  onRefused,
  className,
}: {
  userId: string;
  cartJson: string;
  onApplied: (detail: DiscountAppliedDetail) => void;
  onRefused?: (refusal: Refusal) => void;
  className?: string;
}) {
  const ref = useRef<HTMLElement>(null);
  const handlers = useRef({ onApplied, onRefused });
  useEffect(() => {
    handlers.current = { onApplied, onRefused };
  });
  useEffect(() => {
    void import("@/widget/discount-widget").then((m) => m.defineDiscountWidget());
    const el = ref.current;
    if (!el) return;
    const applied = (e: Event) => handlers.current.onApplied((e as CustomEvent<DiscountAppliedDetail>).detail);
    const refused = (e: Event) => handlers.current.onRefused?.((e as CustomEvent<Refusal>).detail);
    el.addEventListener("discount-applied", applied);
    el.addEventListener("discount-refused", refused);
    return () => {
      el.removeEventListener("discount-applied", applied);
      el.removeEventListener("discount-refused", refused);
    };
  }, []);
  return <discount-widget ref={ref} user-id={userId} cart={cartJson} className={className} />;
}
