// <discount-widget>: the checkout discount field as a custom element, for this app's checkout
// and for any storefront on another origin. Type a code → Check (GET the code: brand, terms,
// what it saves on this cart) → Apply (POST a usage with the cart and `hold: true`: the use is
// HELD for the shopper, with a visible countdown to its expiresAt and a Remove button that
// releases it) → the storefront places the order with POST /api/v1/orders and the held usage's
// id (the element's `usage-id` attribute / `usageId` property / the events' detail), which
// confirms it. Attributes and events are documented in widget/README.md. No framework; Shadow
// DOM. This file wires the element: attributes, properties, events and the moves between states
// (state.ts); render.ts draws them, words.ts words them, api.ts makes the calls.
import { countdownWords, localDeadline, secondsLeft } from "../lib/cart/countdown";
import { normalizeTypedCode, refusalFor, type RefusalContext } from "../lib/cart/refusals";
import type { RuleLike } from "../lib/cart/rule-words";
import type { Cart, Pricing } from "../lib/cart/types";
import { getCode, redeem, release, whoAmI, type CodeInfo, type Usage } from "./api";
import { announce, mount, render, tick, type Parts } from "./render";
import { codeDates, codeRefusal, isBusy, type State } from "./state";
import type { Wording } from "./words";

export interface DiscountAppliedDetail {
  code: string;
  codeId: string;
  /** The percentage of a percentage rule; null for a fixed amount. */
  discount: number | null;
  brand: { id: string; name: string };
  rule: RuleLike | null;
  /** The held usage: confirm it with POST /api/v1/orders { userId, cart, usageId }. */
  usageId: string;
  /** When the hold runs out unless the order is placed. */
  expiresAt: string | null;
  usage: Usage;
  pricing?: Pricing;
}

export interface DiscountReleasedDetail {
  code: string;
  usageId: string;
  /** "removed" (the shopper pressed Remove) or "expired" (the hold ran out). */
  reason: "removed" | "expired";
}

const scriptOrigin = (() => {
  try {
    const src = (document.currentScript as HTMLScriptElement | null)?.src;
    return src ? new URL(src).origin : null;
  } catch {
    return null;
  }
})();

let seq = 0;

export class DiscountWidget extends HTMLElement {
  static observedAttributes = ["cart", "cart-source", "amount", "currency", "token", "user-id", "api-base", "locale", "hold-seconds"];

  #state: State = { kind: "idle" };
  #cart: Cart | null = null;
  #userId: string | null = null;
  #parts: Parts;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.#parts = mount(this.attachShadow({ mode: "open", delegatesFocus: true }), `dw${++seq}`);
    this.#parts.form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#submit();
    });
    this.#parts.input.addEventListener("input", () => {
      if (this.#state.kind === "preview" || this.#state.kind === "refused") this.#set({ kind: "idle" });
    });
  }

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#stopTimer();
  }

  attributeChangedCallback(name: string) {
    if (name === "cart") this.#cart = null;
    if (name === "token" || name === "user-id") this.#userId = null;
    if (this.#state.kind === "preview" || name === "locale") this.#render();
  }

  /** The cart to price (API.md cart shape). Settable as an object or a JSON string. */
  get cart(): Cart | null {
    return this.#readCart();
  }
  set cart(v: Cart | string | null) {
    this.#cart = typeof v === "string" ? parseCart(v) : v;
    if (this.#state.kind === "preview") this.#render();
  }

  /** Back to an empty field (e.g. after the order is placed: the hold is confirmed, nothing is released). */
  reset() {
    this.#parts.input.value = "";
    this.#set({ kind: "idle" });
  }

  /** The held usage's id while a code is held (also the `usage-id` attribute); confirm it with POST /api/v1/orders. */
  get usageId(): string | null {
    const s = this.#state;
    return s.kind === "held" ? s.usage.id : null;
  }

  /** When the hold runs out (ISO 8601), while a code is held. */
  get expiresAt(): string | null {
    const s = this.#state;
    return s.kind === "held" ? (s.usage.expiresAt ?? null) : null;
  }

  /** Releases the held code (as the Remove button does). */
  async release(): Promise<boolean> {
    const s = this.#state;
    if (s.kind !== "held") return false;
    this.#set({ kind: "releasing", info: s.info, usage: s.usage, deadline: s.deadline });
    const res = await release(this.#api, s.usage.id);
    // Already released or expired on the server: either way the shopper no longer holds it.
    if (!res.ok && res.refusal.code !== "hold_expired" && res.status !== 409) {
      this.#set({ kind: "held", info: s.info, usage: s.usage, deadline: s.deadline });
      announce(this.#parts, `${res.refusal.title}. ${res.refusal.detail}`);
      return false;
    }
    this.#set({ kind: "preview", info: s.info });
    announce(this.#parts, `${s.info.code} removed. Your total is back to the full price.`);
    this.#emit("discount-released", { code: s.info.code, usageId: s.usage.id, reason: "removed" } satisfies DiscountReleasedDetail);
    return true;
  }

  get #api() {
    const base = this.getAttribute("api-base") ?? scriptOrigin ?? location.origin;
    return { base, token: this.getAttribute("token") };
  }

  get #wording(): Wording {
    const cart = this.#readCart();
    return { locale: this.getAttribute("locale") ?? undefined, cart, currency: cart?.currency ?? this.getAttribute("currency") ?? "EUR" };
  }

  #readCart(): Cart | null {
    if (this.#cart) return this.#cart;
    const source = this.getAttribute("cart-source");
    if (source) {
      const el = document.querySelector(source);
      return el ? parseCart(el.textContent ?? "") : null;
    }
    const attr = this.getAttribute("cart");
    return attr ? parseCart(attr) : null;
  }

  #amount(): number | null {
    const n = Number(this.getAttribute("amount"));
    return this.hasAttribute("amount") && Number.isInteger(n) && n >= 0 ? n : null;
  }

  async #submit() {
    const s = this.#state;
    if (isBusy(s) || s.kind === "held") return;
    if (s.kind === "preview") return this.#apply(s.info);
    if (s.kind === "refused" && s.info && normalizeTypedCode(this.#parts.input.value).code === s.info.code) {
      // The lapsed hold first (this browser's clock may run ahead of the server's sweep): released, or already gone.
      if (s.usage) await release(this.#api, s.usage.id);
      return this.#apply(s.info);
    }
    const typed = normalizeTypedCode(this.#parts.input.value);
    if (!typed.code) {
      this.#set({ kind: "refused", refusal: { code: "validation_failed", title: "Enter a code", detail: "Type the discount code you received, then press Check." } });
      return;
    }
    if (!typed.valid) {
      this.#set({ kind: "refused", refusal: refusalFor("validation_failed", { code: typed.code }) });
      return;
    }
    this.#set({ kind: "checking", code: typed.code });
    const res = await getCode(this.#api, typed.code);
    if (!res.ok) return this.#set({ kind: "refused", refusal: res.refusal });
    const info = res.value;
    const refusal = codeRefusal(info, this.#wording.locale);
    if (refusal) return this.#set({ kind: "refused", refusal });
    this.#set({ kind: "preview", info });
    this.#emit("discount-checked", info);
  }

  async #apply(info: CodeInfo) {
    this.#set({ kind: "applying", info });
    const api = this.#api;
    let userId = this.getAttribute("user-id") ?? this.#userId;
    if (!userId) {
      const me = await whoAmI(api);
      if (!me.ok) return this.#set({ kind: "refused", refusal: me.refusal });
      userId = this.#userId = me.value.user.id;
    }
    const { cart, currency, locale } = this.#wording;
    const amount = this.#amount();
    const holdSeconds = Number(this.getAttribute("hold-seconds"));
    const res = await redeem(api, {
      code: info.code,
      userId,
      ...(cart ? { cart } : amount !== null ? { amount, currency } : {}),
      hold: true,
      ...(Number.isInteger(holdSeconds) && holdSeconds >= 60 && holdSeconds <= 3600 ? { holdSeconds } : {}),
    });
    if (!res.ok) {
      const ctx: RefusalContext = { ...res.ctx, ...codeDates(info, locale), brandName: info.brand.name };
      const refusal = res.refusal.code === "validation_failed" || res.refusal.code === "unavailable" ? res.refusal : refusalFor(res.refusal.code, ctx);
      return this.#set({ kind: "refused", refusal });
    }
    const usage = res.value;
    this.#set({ kind: "held", info, usage, deadline: localDeadline(usage) });
    this.#emit("discount-applied", {
      code: info.code,
      codeId: info.id,
      discount: usage.discount,
      brand: info.brand,
      rule: info.rule ?? null,
      usageId: usage.id,
      expiresAt: usage.expiresAt ?? null,
      usage,
      pricing: usage.pricing,
    } satisfies DiscountAppliedDetail);
  }

  /** The hold ran out before the order was placed: say so, and offer to apply the code again. */
  #expire(info: CodeInfo, usage: Usage) {
    this.#set({ kind: "refused", info, usage, refusal: refusalFor("hold_expired", { code: info.code }) });
    this.#emit("discount-released", { code: info.code, usageId: usage.id, reason: "expired" } satisfies DiscountReleasedDetail);
  }

  #stopTimer() {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Counts a held code down once a second; a minute before the end it says so, at the end the hold has expired. */
  #startTimer(info: CodeInfo, usage: Usage, deadline: Date) {
    let warned = false;
    this.#timer = setInterval(() => {
      const left = secondsLeft(deadline);
      if (left <= 0) return this.#expire(info, usage);
      tick(this.#parts, left);
      if (left <= 60 && !warned) {
        warned = true;
        announce(this.#parts, `${countdownWords(left)} left to place your order with ${info.code}.`);
      }
    }, 1000);
  }

  #set(state: State) {
    this.#state = state;
    this.#stopTimer();
    if (state.kind === "held" && state.deadline !== null) this.#startTimer(state.info, state.usage, new Date(state.deadline));
    if (state.kind === "held") this.setAttribute("usage-id", state.usage.id);
    else this.removeAttribute("usage-id");
    this.#render();
    if (state.kind === "refused") this.#emit("discount-refused", state.refusal);
  }

  #emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #render() {
    const s = this.#state;
    this.setAttribute("state", s.kind);
    this.toggleAttribute("busy", isBusy(s));
    render(this.#parts, s, this.#wording, () => void this.release());
  }
}

function parseCart(json: string): Cart | null {
  try {
    const c = JSON.parse(json) as Cart;
    return c && typeof c.currency === "string" && Array.isArray(c.lines) ? c : null;
  } catch {
    return null;
  }
}

export function defineDiscountWidget(name = "discount-widget") {
  if (typeof customElements !== "undefined" && !customElements.get(name)) customElements.define(name, DiscountWidget);
}
