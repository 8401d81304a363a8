// The shopper's cart, kept in localStorage (this demo has no orders table) and shared by every
// component through useSyncExternalStore, across tabs too. Lines carry what the API's cart needs
// (sku, brandId, unitAmount, quantity) plus what the page shows. Once a code is applied, its use
// is HELD for the shopper (a reserved usage with the API's pricing) and the cart is locked until
// the order is placed (which confirms the hold), the code is removed (released), or the hold runs out.
import { useSyncExternalStore } from "react";
import type { RuleLike } from "@/lib/cart/rule-words";
import type { CartItem, Pricing } from "@/lib/cart/types";

export interface AppliedDiscount {
  code: string;
  codeId: string;
  /** The percentage of a percentage rule; null for a fixed amount. */
  discount: number | null;
  rule?: RuleLike | null;
  brand: { id: string; name: string };
  pricing: Pricing | null;
  usedAt: string;
  /** The held usage, confirmed by POST /api/v1/orders. */
  usageId?: string | null;
  /** When the hold runs out (the server's time). */
  expiresAt?: string | null;
  /** When the hold runs out on this device's clock (ms since the epoch; see localDeadline). */
  holdEndsAt?: number | null;
}

export interface CartState {
  items: CartItem[];
  applied: AppliedDiscount | null;
}

const KEY = "discounts.cart.v1";
const EMPTY: CartState = { items: [], applied: null };
const MAX_QUANTITY = 99;

let cachedRaw: string | null | undefined;
let cached: CartState = EMPTY;
const listeners = new Set<() => void>();

function read(): CartState {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return EMPTY;
  }
  if (raw === cachedRaw) return cached;
  cachedRaw = raw;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<CartState>) : null;
    cached = parsed && Array.isArray(parsed.items) ? { items: parsed.items, applied: parsed.applied ?? null } : EMPTY;
  } catch {
    cached = EMPTY;
  }
  return cached;
}

function write(next: CartState) {
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private mode / quota: the cart lives only in this tab's memory.
    cachedRaw = JSON.stringify(next);
    cached = next;
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The cart, or an empty one while the page hydrates (the server has no cart). */
export function useCart(): CartState & { hydrated: boolean } {
  const state = useSyncExternalStore(subscribe, read, () => EMPTY);
  const hydrated = useSyncExternalStore(subscribe, () => true, () => false);
  return { ...state, hydrated };
}

export const cart = {
  add(item: Omit<CartItem, "quantity">, quantity = 1) {
    const s = read();
    if (s.applied) return false;
    const existing = s.items.find((i) => i.sku === item.sku);
    const items = existing
      ? s.items.map((i) => (i.sku === item.sku ? { ...i, quantity: Math.min(MAX_QUANTITY, i.quantity + quantity) } : i))
      : [...s.items, { ...item, quantity }];
    write({ ...s, items });
    return true;
  },
  setQuantity(sku: string, quantity: number) {
    const s = read();
    if (s.applied) return;
    const q = Math.max(0, Math.min(MAX_QUANTITY, Math.floor(quantity)));
    write({ ...s, items: q === 0 ? s.items.filter((i) => i.sku !== sku) : s.items.map((i) => (i.sku === sku ? { ...i, quantity: q } : i)) });
  },
  remove(sku: string) {
    const s = read();
    if (s.applied) return;
    write({ ...s, items: s.items.filter((i) => i.sku !== sku) });
  },
  apply(applied: AppliedDiscount) {
    write({ ...read(), applied });
  },
  /** The code is removed (its hold released): the cart unlocks, the items stay. */
  unapply() {
    write({ ...read(), applied: null });
  },
  clear() {
    write(EMPTY);
  },
};

export function itemCount(items: readonly CartItem[]): number {
  return items.reduce((n, i) => n + i.quantity, 0);
}
