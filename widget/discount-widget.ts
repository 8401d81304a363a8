// <discount-widget>: the checkout discount field as a custom element, for this app's checkout
// and for any storefront on another origin. Type a code → Check (GET the code: brand, terms,
// what it saves on this cart) → Apply (POST a usage with the cart and `hold: true`: the use is
// HELD for the shopper, with a visible countdown to its expiresAt and a Remove button that
// releases it) → the storefront places the order with POST /api/v1/orders and the held usage's
// id (the element's `usage-id` attribute / `usageId` property / the events' detail), which
// confirms it. Attributes and events are documented in widget/README.md. No framework; Shadow
// DOM; every message in an ARIA live region (the ticking countdown itself is not announced).
import { countdownWords, formatCountdown, localDeadline, secondsLeft } from "../lib/cart/countdown";
import { formatDate, formatMoney } from "../lib/cart/format";
import { previewPricing, previewRefusal } from "../lib/cart/pricing";
import { normalizeTypedCode, refusalFor, type Refusal, type RefusalContext } from "../lib/cart/refusals";
import { ruleInWords, ruleOffWords, type RuleLike } from "../lib/cart/rule-words";
import type { Cart, Pricing } from "../lib/cart/types";
import { getCode, redeem, release, whoAmI, type CodeInfo, type Usage } from "./api";
import { css } from "./styles";

type State =
  | { kind: "idle" }
  | { kind: "checking"; code: string }
  | { kind: "preview"; info: CodeInfo }
  | { kind: "applying"; info: CodeInfo }
  /** `deadline`: when the hold ends on this device's clock (localDeadline). */
  | { kind: "held"; info: CodeInfo; usage: Usage; deadline: number | null }
  | { kind: "releasing"; info: CodeInfo; usage: Usage; deadline: number | null }
  /** `info` when the same code can be applied again (a hold that ran out: `usage`). */
  | { kind: "refused"; refusal: Refusal; info?: CodeInfo; usage?: Usage };

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

const errIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;margin-top:1px"><path fill-rule="evenodd" d="M18 10a8 8 0 11-16 0 8 8 0 0116 0zm-8-5a.75.75 0 01.75.75v4.5a.75.75 0 01-1.5 0v-4.5A.75.75 0 0110 5zm0 10a1 1 0 100-2 1 1 0 000 2z" clip-rule="evenodd"/></svg>';

const checkIcon =
  '<svg width="16" height="16" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" style="flex:none;vertical-align:-3px;margin-right:4px"><path fill-rule="evenodd" d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4l3.3 3.29 7.3-7.3a1 1 0 011.4 0z" clip-rule="evenodd"/></svg>';

let seq = 0;

export class DiscountWidget extends HTMLElement {
  static observedAttributes = ["cart", "cart-source", "amount", "currency", "token", "user-id", "api-base", "locale", "hold-seconds"];

  #state: State = { kind: "idle" };
  #cart: Cart | null = null;
  #userId: string | null = null;
  #root: ShadowRoot;
  #input!: HTMLInputElement;
  #button!: HTMLButtonElement;
  #hint!: HTMLParagraphElement;
  #error!: HTMLDivElement;
  #status!: HTMLDivElement;
  #box!: HTMLDivElement;
  #timer: ReturnType<typeof setInterval> | undefined;

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
<div class="status" role="status" aria-live="polite" aria-atomic="true"></div>
<div class="held"></div>`;
    const q = <T extends Element>(s: string) => this.#root.querySelector(s) as T;
    this.#input = q("input");
    this.#button = q("button.go");
    this.#hint = q(".hint");
    this.#error = q("[role=alert]");
    this.#status = q(".status");
    this.#box = q(".held");
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
    this.#input.value = "";
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
      this.#announce(`${res.refusal.title}. ${res.refusal.detail}`);
      return false;
    }
    this.#set({ kind: "preview", info: s.info });
    this.#announce(`${s.info.code} removed. Your total is back to the full price.`);
    this.#emit("discount-released", { code: s.info.code, usageId: s.usage.id, reason: "removed" } satisfies DiscountReleasedDetail);
    return true;
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
    if (s.kind === "checking" || s.kind === "applying" || s.kind === "held" || s.kind === "releasing") return;
    if (s.kind === "preview") return this.#apply(s.info);
    if (s.kind === "refused" && s.info && normalizeTypedCode(this.#input.value).code === s.info.code) {
      // The lapsed hold first (this browser's clock may run ahead of the server's sweep): released, or already gone.
      if (s.usage) await release(this.#api, s.usage.id);
      return this.#apply(s.info);
    }
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
    if (info.status === "deactivated") return refusalFor("deactivated", dates);
    if (info.eligible === false) return refusalFor("not_eligible", { ...dates, brandName: info.brand.name });
    if (info.usedByMe) return refusalFor("already_used", dates);
    if (info.status === "exhausted") return refusalFor("exhausted", dates);
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
    const holdSeconds = Number(this.getAttribute("hold-seconds"));
    const res = await redeem(api, {
      code: info.code,
      userId,
      ...(cart ? { cart } : amount !== null ? { amount, currency: this.#currency() } : {}),
      hold: true,
      ...(Number.isInteger(holdSeconds) && holdSeconds >= 60 && holdSeconds <= 3600 ? { holdSeconds } : {}),
    });
    if (!res.ok) {
      const ctx: RefusalContext = {
        ...res.ctx,
        code: info.code,
        validFrom: this.#date(info.validFrom),
        validUntil: this.#date(info.validUntil),
        brandName: info.brand.name,
      };
      const refusal = res.refusal.code === "validation_failed" || res.refusal.code === "unavailable" ? res.refusal : refusalFor(res.refusal.code, ctx);
      return this.#set({ kind: "refused", refusal });
    }
    this.#set({ kind: "held", info, usage: res.value, deadline: localDeadline(res.value) });
    const detail: DiscountAppliedDetail = {
      code: info.code,
      codeId: info.id,
      discount: res.value.discount,
      brand: info.brand,
      rule: info.rule ?? null,
      usageId: res.value.id,
      expiresAt: res.value.expiresAt ?? null,
      usage: res.value,
      pricing: res.value.pricing,
    };
    this.#emit("discount-applied", detail);
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

  #announce(text: string) {
    this.#status.replaceChildren(el("span", { class: "sr" }, text));
  }

  #set(state: State) {
    this.#state = state;
    this.#stopTimer();
    if (state.kind === "held" && state.deadline !== null) {
      const { info, usage } = state;
      const deadline = new Date(state.deadline);
      let warned = false;
      this.#timer = setInterval(() => {
        const left = secondsLeft(deadline);
        if (left <= 0) return this.#expire(info, usage);
        const t = this.#box.querySelector<HTMLElement>("[data-countdown]");
        if (t) t.textContent = formatCountdown(left);
        if (left <= 60 && !warned) {
          warned = true;
          this.#announce(`${countdownWords(left)} left to place your order with ${info.code}.`);
        }
      }, 1000);
    }
    if (state.kind === "held") this.setAttribute("usage-id", state.usage.id);
    else this.removeAttribute("usage-id");
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
    const busy = s.kind === "checking" || s.kind === "applying" || s.kind === "releasing";
    const held = s.kind === "held" || s.kind === "releasing";
    this.#input.disabled = held;
    this.#input.readOnly = busy;
    if (s.kind === "refused") this.#input.setAttribute("aria-invalid", "true");
    else this.#input.removeAttribute("aria-invalid");
    this.setAttribute("state", s.kind);
    this.toggleAttribute("busy", busy);

    const label =
      s.kind === "checking"
        ? "Checking…"
        : s.kind === "applying"
          ? "Applying…"
          : s.kind === "releasing"
            ? "Removing…"
            : s.kind === "preview"
              ? "Apply"
              : s.kind === "held"
                ? "Applied"
                : s.kind === "refused" && s.info
                  ? "Apply again"
                  : "Check";
    // Busy: a spinner in place of the label, so the button (and the field beside it) keep their width.
    this.#button.replaceChildren(...(busy ? [el("span", { class: "spin", "aria-hidden": "true" }), el("span", { class: "sr" }, label)] : [label]));
    this.#button.disabled = held;
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
      s.kind === "refused" ? "" : s.kind === "preview" ? "Press Apply to hold this code for your order." : held ? "" : "Codes are not case-sensitive.";
    this.#hint.hidden = s.kind === "refused" || held;

    // The live region says what happened; the held box (with its ticking countdown) sits outside it.
    if (s.kind !== "releasing") this.#status.replaceChildren();
    this.#box.replaceChildren();
    if (s.kind === "preview" || s.kind === "applying") this.#status.append(this.#previewBox(s.info));
    else if (s.kind === "held") {
      this.#status.append(this.#appliedSummary(s.usage, s.deadline));
      this.#box.append(this.#heldBox(s.info, s.usage, s.deadline, false));
    } else if (s.kind === "releasing") this.#box.append(this.#heldBox(s.info, s.usage, s.deadline, true));
    else if (s.kind === "checking") this.#status.append(el("span", { class: "sr" }, `Checking ${s.code}…`));
  }

  #previewBox(info: CodeInfo): HTMLElement {
    const box = el("div", { class: "box", part: "preview" });
    const head = el("div", { class: "head" });
    const rule = ruleOf(info);
    head.append(el("span", { class: "code" }, info.code), el("span", { class: "pct" }, ruleOffWords(rule, this.#locale)), el("span", { class: "muted" }, `· ${info.brand.name}`));
    box.append(head);
    box.append(el("p", { class: "muted" }, `${ruleInWords(rule, info.brand.name, this.#locale).replace(/\.$/, "")}. Valid until ${this.#date(info.validUntil)}.`));
    if (typeof info.remaining === "number" && info.remaining <= 10) {
      box.append(el("p", { class: "muted" }, `Only ${info.remaining} ${info.remaining === 1 ? "use" : "uses"} left.`));
    }
    const cart = this.#readCart();
    if (cart) {
      const eligible = cart.lines.filter((l) => l.brandId === info.brand.id);
      // The API's own pricing function, on this cart: the promise is what the API will charge.
      const refusal = previewRefusal(cart.lines, cart.currency, { brandId: info.brand.id, code: info.code, rule });
      const p = previewPricing(cart.lines, cart.currency, info.brand.id, rule);
      if (eligible.length === 0) {
        box.append(el("p", { class: "warn" }, `Nothing in your cart is from ${info.brand.name}, so this code won’t lower your total.`));
      } else if (refusal?.code === "minimum_not_met" && refusal.missing !== null) {
        box.append(
          el("p", { class: "warn" }, `Add ${formatMoney(refusal.missing, refusal.minimum.currency, this.#locale)} more of ${info.brand.name} items to use this code (minimum ${formatMoney(refusal.minimum.amount, refusal.minimum.currency, this.#locale)}).`),
        );
      } else if (refusal?.code === "currency_mismatch") {
        box.append(el("p", { class: "warn" }, `This code is for another currency than your cart’s.`));
      } else {
        const items = eligible.reduce((n, l) => n + l.quantity, 0);
        box.append(el("p", { class: "save" }, `You’ll save ${this.#money(p.discountAmount)} on ${items} ${items === 1 ? "item" : "items"} from ${info.brand.name}.`));
      }
    }
    return box;
  }

  /** What the live region says once a code is held (read once, not on every tick). */
  #appliedSummary(usage: Usage, deadline: number | null): HTMLElement {
    const pr = usage.pricing;
    const left = deadline !== null ? secondsLeft(new Date(deadline)) : 0;
    return el(
      "span",
      { class: "sr" },
      `${usage.code} applied. ${pr ? `You saved ${formatMoney(pr.discountAmount, pr.currency, this.#locale)}. New total ${formatMoney(pr.total, pr.currency, this.#locale)}. ` : ""}` +
        (deadline !== null ? `Held for you for ${countdownWords(left)}.` : ""),
    );
  }

  #heldBox(info: CodeInfo, usage: Usage, deadline: number | null, releasing: boolean): HTMLElement {
    const box = el("div", { class: "box ok", part: "applied" });
    const head = el("div", { class: "head" });
    const title = el("span", { class: "pct" });
    title.innerHTML = checkIcon;
    title.append("Code applied");
    head.append(title, el("span", { class: "code" }, info.code));
    box.append(head, el("p", { class: "muted" }, `${ruleOffWords(ruleOf(info), this.#locale)} ${info.brand.name} items.`));
    const pr = usage.pricing;
    box.append(
      pr
        ? el("p", { class: "save" }, `You saved ${formatMoney(pr.discountAmount, pr.currency, this.#locale)}. New total ${formatMoney(pr.total, pr.currency, this.#locale)}.`)
        : el("p", { class: "muted" }, "The discount will be taken off at payment."),
    );
    const foot = el("div", { class: "foot" });
    if (deadline !== null) {
      const p = el("p", { class: "muted", part: "countdown" });
      const t = el("span", { class: "count", role: "timer", "aria-live": "off", "data-countdown": "" }, formatCountdown(secondsLeft(new Date(deadline))));
      p.append("Held for you for ", t, " — place your order before then.");
      foot.append(p);
    }
    const remove = el("button", { type: "button", class: "link", part: "remove" }, releasing ? "Removing…" : "Remove") as HTMLButtonElement;
    remove.setAttribute("aria-label", `Remove code ${info.code}`);
    remove.disabled = releasing;
    remove.addEventListener("click", () => void this.release());
    foot.append(remove);
    box.append(foot);
    return box;
  }
}

/** The code's rule; an older server without `rule` answers a percentage in `discount`. */
function ruleOf(info: CodeInfo): RuleLike {
  return info.rule ?? { type: "percentage", percent: info.discount ?? 0, amountOff: null, minSubtotal: null, eligibility: null };
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
