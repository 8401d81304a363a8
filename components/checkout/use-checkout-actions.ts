"use client";

// What the checkout asks of the API, through the widget's client (widget/api.ts, on the typed
// client of clients/js): remove the held code (release), apply it again after its hold ran out,
// and place the order — POST /api/v1/orders with the cart and the held usage's id, which the API
// confirms with the order in one transaction. The same-origin session cookie is the credential.
import { useState } from "react";
import { cart, type AppliedDiscount } from "@/components/shop/cart-store";
import { countdownWords, localDeadline, secondsLeft } from "@/lib/cart/countdown";
import { formatMoney } from "@/lib/cart/format";
import { subtotalOf, toApiCart } from "@/lib/cart/pricing";
import { refusalFor, type Refusal } from "@/lib/cart/refusals";
import type { CartItem } from "@/lib/cart/types";
import { placeOrder, redeem, release, type Order } from "@/widget/api";

export interface PlacedOrder {
  order: Order;
  items: CartItem[];
  applied: AppliedDiscount | null;
}

const api = () => ({ base: window.location.origin });

/** A refusal worded with the applied code and its brand, when there is one. */
function about(applied: AppliedDiscount | null, res: { refusal: Refusal; ctx?: object }): Refusal {
  return applied ? refusalFor(res.refusal.code, { ...res.ctx, code: applied.code, brandName: applied.brand.name }) : res.refusal;
}

export function useCheckoutActions(o: {
  userId: string;
  items: CartItem[];
  currency: string;
  applied: AppliedDiscount | null;
  /** The applied code's hold ran out. */
  expired: boolean;
  announce: (text: string) => void;
  /** Moves focus to the applied code's box once it is drawn. */
  focusApplied: () => void;
}) {
  const { userId, items, currency, applied, expired, announce } = o;
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  const [problem, setProblem] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState<"order" | "remove" | "reapply" | null>(null);

  async function removeCode() {
    if (!applied) return;
    setBusy("remove");
    setProblem(null);
    const res = applied.usageId && !expired ? await release(api(), applied.usageId) : null;
    setBusy(null);
    // A hold that already ran out (409) is released all the same.
    if (res && !res.ok && res.status !== 409) return setProblem(res.refusal);
    cart.unapply();
    announce(`${applied.code} removed. Your total is back to ${formatMoney(subtotalOf(items), { currency })}.`);
  }

  async function applyAgain() {
    if (!applied) return;
    setBusy("reapply");
    setProblem(null);
    // The old hold first (this browser's clock may run ahead of the server's sweep): released, or already gone.
    if (applied.usageId) await release(api(), applied.usageId);
    const res = await redeem(api(), { code: applied.code, userId, cart: toApiCart(items, currency), hold: true });
    setBusy(null);
    if (!res.ok) return setProblem(about(applied, res));
    const holdEndsAt = localDeadline(res.value);
    cart.apply({ ...applied, pricing: res.value.pricing ?? null, usedAt: res.value.usedAt, usageId: res.value.id, expiresAt: res.value.expiresAt ?? null, holdEndsAt });
    announce(`${applied.code} applied again.${holdEndsAt ? ` Held for you for ${countdownWords(secondsLeft(new Date(holdEndsAt)))}.` : ""}`);
    o.focusApplied();
  }

  async function order() {
    setBusy("order");
    setProblem(null);
    const res = await placeOrder(api(), { userId, cart: toApiCart(items, currency), ...(applied?.usageId ? { usageId: applied.usageId } : {}) }, applied?.code);
    setBusy(null);
    if (!res.ok) return setProblem(about(applied, res));
    setPlaced({ order: res.value, items, applied });
    cart.clear();
    window.scrollTo({ top: 0 });
  }

  return { placed, problem, setProblem, busy, removeCode, applyAgain, order };
}
