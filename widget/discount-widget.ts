// <discount-widget>: the checkout discount field as a custom element, for this app's checkout
// and for any storefront on another origin. Type a code → Check (GET the code: brand, terms,
// what it saves on this cart) → Apply (POST a usage with the cart) → the API's pricing.
// Attributes are documented in widget/README.md. No framework; Shadow DOM; every message in an
// ARIA live region.
import { formatDate, formatMoney } from "../lib/cart/format";
import { previewPricing } from "../lib/cart/pricing";
import { normalizeTypedCode, refusalFor, type Refusal } from "../lib/cart/refusals";
import type { Cart, Pricing } from "../lib/cart/types";
import { getCode, redeem, whoAmI, type CodeInfo, type Usage } from "./api";
import { css } from "./styles";

type State =
  | { kind: "idle" }
  | { kind: "checking"; code: string }
  | { kind: "preview"; info: CodeInfo }
  | { kind: "applying"; info: CodeInfo }
  | { kind: "applied"; info: CodeInfo; usage: Usage }
  | { kind: "refused"; refusal: Refusal };

export interface DiscountAppliedDetail {
  code: string;
  codeId: string;
  discount: number;
  brand: { id: string; name: string };
  usage: Usage;
  pricing?: Pricing;
}

const scriptOrigin = (() => {
  try {
    const src = (document.currentScript as HTMLScriptElement | null)?.src;
    return src ? new URL(src).origin : null;
  } catch {
    return null;
  }
})();

const errIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;margin-top:1px"><path fill-rule="evenodd" d="M18 10a8 8 0 11-16 0 8 8 0 0116 0zm-8-5a.75.75 0 01.75.75v4.5a.75.75 0 01-1.5 0v-4.5A.75.75 0 0110 5zm0 10a1 1 0 100-2 1 1 0 000 2z" clip-rule="evenodd"/></svg>';

const checkIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;vertical-align:-3px;margin-right:4px"><path fill-rule="evenodd" d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4l3.3 3.29 7.3-7.3a1 1 0 011.4 0z" clip-rule="evenodd"/></svg>';

let seq = 0;

export class DiscountWidget extends HTMLElement {
  static observedAttributes = ["cart", "cart-source", "amount", "currency", "token", "user-id", "api-base", "locale"];

  #state: State = { kind: "idle" };
  #cart: Cart | null = null;
  #userId: string | null = null;
  #root: ShadowRoot;
  #input!: HTMLInputElement;
  #button!: HTMLButtonElement;
  #hint!: HTMLParagraphElement;
  #error!: HTMLDivElement;
  #status!: HTMLDivElement;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open", delegatesFocus: true });
    const id = `dw${++seq}`;
    this.#root.innerHTML = `<style>${css}</style>
<form part="form" novalidate>
  <label class="label" part="label" for="${id}-in">Discount code</label>
  <div class="row">
    <input id="${id}-in" part="input" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false"
      maxlength="40" enterkeyhint="go" placeholder="Enter a code" aria-describedby="${id}-err ${id}-hint">
    <button class="go" part="button" type="submit"></button>
  </div>
  <div id="${id}-err" role="alert"></div>
  <p id="${id}-hint" class="hint"></p>
</form>
<div class="status" role="status" aria-live="polite" aria-atomic="true"></div>`;
    const q = <T extends Element>(s: string) => this.#root.querySelector(s) as T;
    this.#input = q("input");
    this.#button = q("button.go");
    this.#hint = q(".hint");
    this.#error = q("[role=alert]");
    this.#status = q(".status");
    q<HTMLFormElement>("form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.#submit();
    });
    this.#input.addEventListener("input", () => {
      if (this.#state.kind === "preview" || this.#state.kind === "refused") this.#set({ kind: "idle" });
    });
  }

  connectedCallback() {
    this.#render();
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

  /** Back to an empty field (e.g. after the order is placed). */
  reset() {
    this.#input.value = "";
    this.#set({ kind: "idle" });
  }

  get #api() {
    const base = this.getAttribute("api-base") ?? scriptOrigin ?? location.origin;
    return { base, token: this.getAttribute("token") };
  }

  get #locale() {
    return this.getAttribute("locale") ?? undefined;
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

  #currency(): string {
    return this.#readCart()?.currency ?? this.getAttribute("currency") ?? "EUR";
  }

  async #submit() {
    const s = this.#state;
    if (s.kind === "checking" || s.kind === "applying" || s.kind === "applied") return;
    if (s.kind === "preview") return this.#apply(s.info);
    const typed = normalizeTypedCode(this.#input.value);
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
    const refusal = this.#refusalOf(info);
    if (refusal) return this.#set({ kind: "refused", refusal });
    this.#set({ kind: "preview", info });
    this.#emit("discount-checked", info);
  }

  #refusalOf(info: CodeInfo): Refusal | null {
    const dates = { code: info.code, validFrom: this.#date(info.validFrom), validUntil: this.#date(info.validUntil) };
    if (info.status === "scheduled") return refusalFor("not_yet_valid", dates);
    if (info.status === "expired") return refusalFor("expired", dates);
    if (info.usedByMe) return refusalFor("already_used", dates);
    return null;
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
    const cart = this.#readCart();
    const amount = this.#amount();
    const res = await redeem(api, {
      code: info.code,
      userId,
      ...(cart ? { cart } : amount !== null ? { amount, currency: this.#currency() } : {}),
    });
    if (!res.ok) {
      const dates = { code: info.code, validFrom: this.#date(info.validFrom), validUntil: this.#date(info.validUntil) };
      const refusal = res.refusal.code === "validation_failed" || res.refusal.code === "unavailable" ? res.refusal : refusalFor(res.refusal.code, { ...dates, detail: res.refusal.detail });
      return this.#set({ kind: "refused", refusal });
    }
    this.#set({ kind: "applied", info, usage: res.value });
    const detail: DiscountAppliedDetail = {
      code: info.code,
      codeId: info.id,
      discount: res.value.discount,
      brand: info.brand,
      usage: res.value,
      pricing: res.value.pricing,
    };
    this.#emit("discount-applied", detail);
  }

  #set(state: State) {
    this.#state = state;
    this.#render();
    if (state.kind === "refused") this.#emit("discount-refused", state.refusal);
  }

  #emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #date(iso: string) {
    return formatDate(iso, { locale: this.#locale });
  }

  #money(minor: number) {
    return formatMoney(minor, this.#currency(), this.#locale);
  }

  #render() {
    const s = this.#state;
    const busy = s.kind === "checking" || s.kind === "applying";
    this.#input.disabled = s.kind === "applied";
    this.#input.readOnly = busy;
    if (s.kind === "refused") this.#input.setAttribute("aria-invalid", "true");
    else this.#input.removeAttribute("aria-invalid");
    this.setAttribute("state", s.kind);
    this.toggleAttribute("busy", busy);

    const label = s.kind === "checking" ? "Checking…" : s.kind === "applying" ? "Applying…" : s.kind === "preview" ? "Apply" : s.kind === "applied" ? "Applied" : "Check";
    // Busy: a spinner in place of the label, so the button (and the field beside it) keep their width.
    this.#button.replaceChildren(...(busy ? [el("span", { class: "spin", "aria-hidden": "true" }), el("span", { class: "sr" }, label)] : [label]));
    this.#button.disabled = s.kind === "applied";
    this.#button.setAttribute("aria-busy", String(busy));

    this.#error.replaceChildren();
    if (s.kind === "refused") {
      const p = el("p", { class: "err", part: "error" });
      p.innerHTML = errIcon;
      const text = el("span");
      text.append(el("b", {}, s.refusal.title + ". "), s.refusal.detail);
      p.append(text);
      this.#error.append(p);
    }

    this.#hint.textContent =
      s.kind === "refused" ? "" : s.kind === "preview" ? "Press Apply to use this code on your order." : s.kind === "applied" ? "" : "Codes are not case-sensitive.";
    this.#hint.hidden = s.kind === "refused" || s.kind === "applied";

    this.#status.replaceChildren();
    if (s.kind === "preview" || s.kind === "applying") this.#status.append(this.#previewBox(s.info));
    else if (s.kind === "applied") this.#status.append(this.#appliedBox(s.info, s.usage));
    else if (s.kind === "checking") this.#status.append(el("span", { class: "sr" }, `Checking ${s.code}…`));
  }

  #previewBox(info: CodeInfo): HTMLElement {
    const box = el("div", { class: "box", part: "preview" });
    const head = el("div", { class: "head" });
    head.append(el("span", { class: "code" }, info.code), el("span", { class: "pct" }, `${info.discount}% off`), el("span", { class: "muted" }, `· ${info.brand.name}`));
    box.append(head);
    box.append(el("p", { class: "muted" }, `${info.discount}% off every ${info.brand.name} product. Valid until ${this.#date(info.validUntil)}.`));
    const cart = this.#readCart();
    if (cart) {
      const eligible = cart.lines.filter((l) => l.brandId === info.brand.id);
      const p = previewPricing(cart.lines, cart.currency, info.brand.id, info.discount);
      if (eligible.length === 0) {
        box.append(el("p", { class: "warn" }, `Nothing in your cart is from ${info.brand.name}, so this code won’t lower your total.`));
      } else {
        const items = eligible.reduce((n, l) => n + l.quantity, 0);
        box.append(el("p", { class: "save" }, `You’ll save ${this.#money(p.discountAmount)} on ${items} ${items === 1 ? "item" : "items"} from ${info.brand.name}.`));
      }
    }
    return box;
  }

  #appliedBox(info: CodeInfo, usage: Usage): HTMLElement {
    const box = el("div", { class: "box ok", part: "applied" });
    const head = el("div", { class: "head" });
    const title = el("span", { class: "pct" });
    title.innerHTML = checkIcon;
    title.append("Code applied");
    head.append(title, el("span", { class: "code" }, info.code));
    box.append(head, el("p", { class: "muted" }, `${usage.discount}% off ${info.brand.name} items.`));
    const pr = usage.pricing;
    box.append(
      pr
        ? el("p", { class: "save" }, `You saved ${formatMoney(pr.discountAmount, pr.currency, this.#locale)}. New total ${formatMoney(pr.total, pr.currency, this.#locale)}.`)
        : el("p", { class: "muted" }, "The discount will be taken off at payment."),
    );
    return box;
  }
}

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
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
