// What the widget says, in the element's locale: the code's rule, what it saves on the cart (the
// API's own integer pricing function, so the promise is what the API will charge), and what a
// held code saved. Strings only; render.ts puts them on the page.
import { countdownWords, secondsLeft } from "../lib/cart/countdown";
import { formatMoney } from "../lib/cart/format";
import { previewPricing, previewRefusal } from "../lib/cart/pricing";
import { ruleInWords, ruleOffWords, type RuleLike } from "../lib/cart/rule-words";
import type { Cart } from "../lib/cart/types";
import type { CodeInfo, Usage } from "./api";
import { codeDates } from "./state";

/** What the words depend on besides the code: the element's locale and cart. */
export interface Wording {
  locale?: string;
  cart: Cart | null;
  /** The cart's currency, else the element's `currency` attribute, else EUR. */
  currency: string;
}

/** The code's rule; a part-1 answer without `rule` has its percentage in `discount`. */
export function ruleOf(info: CodeInfo): RuleLike {
  return info.rule ?? { type: "percentage", percent: info.discount ?? 0, amountOff: null, minSubtotal: null, eligibility: null };
}

/** "20% off" / "€5.00 off". */
export const offWords = (info: CodeInfo, w: Pick<Wording, "locale">) => ruleOffWords(ruleOf(info), w.locale);

/** "20% off every Acme product. Valid until 12 Mar 2026." */
export function termsWords(info: CodeInfo, w: Pick<Wording, "locale">): string {
  const terms = ruleInWords(ruleOf(info), { brandName: info.brand.name, locale: w.locale }).replace(/\.$/, "");
  return `${terms}. Valid until ${codeDates(info, w.locale).validUntil}.`;
}

/** "Only 3 uses left." when few are left, else null. */
export function remainingWords(info: CodeInfo): string | null {
  if (typeof info.remaining !== "number" || info.remaining > 10) return null;
  return `Only ${info.remaining} ${info.remaining === 1 ? "use" : "uses"} left.`;
}

/** What the code would do to this cart: a saving ("save") or why it would not apply ("warn"); null without a cart. */
export function cartWords(info: CodeInfo, w: Wording): { kind: "save" | "warn"; text: string } | null {
  const cart = w.cart;
  if (!cart) return null;
  const brand = info.brand.name;
  const eligible = cart.lines.filter((l) => l.brandId === info.brand.id);
  if (eligible.length === 0) return { kind: "warn", text: `Nothing in your cart is from ${brand}, so this code won’t lower your total.` };
  const rule = ruleOf(info);
  const refusal = previewRefusal(cart, { brandId: info.brand.id, code: info.code, rule });
  if (refusal?.code === "minimum_not_met" && refusal.missing !== null) {
    const { minimum, missing } = refusal;
    const m = (minor: number) => formatMoney(minor, { currency: minimum.currency, locale: w.locale });
    return { kind: "warn", text: `Add ${m(missing)} more of ${brand} items to use this code (minimum ${m(minimum.amount)}).` };
  }
  if (refusal?.code === "currency_mismatch") return { kind: "warn", text: `This code is for another currency than your cart’s.` };
  const saved = previewPricing(cart, { brandId: info.brand.id, rule }).discountAmount;
  const items = eligible.reduce((n, l) => n + l.quantity, 0);
  return { kind: "save", text: `You’ll save ${formatMoney(saved, { currency: w.currency, locale: w.locale })} on ${items} ${items === 1 ? "item" : "items"} from ${brand}.` };
}

/** "You saved €20.00. New total €88.99." from the API's pricing of the held use; null without pricing. */
export function savedWords(usage: Usage, w: Pick<Wording, "locale">): string | null {
  const pr = usage.pricing;
  return pr ? `You saved ${formatMoney(pr.discountAmount, { currency: pr.currency, locale: w.locale })}. New total ${formatMoney(pr.total, { currency: pr.currency, locale: w.locale })}.` : null;
}

/** What the live region says once a code is held (read once, not on every tick). */
export function appliedWords(usage: Usage, deadline: number | null, w: Pick<Wording, "locale">): string {
  const saved = savedWords(usage, w);
  const left = deadline !== null ? secondsLeft(new Date(deadline)) : 0;
  return `${usage.code} applied. ${saved ? `${saved} ` : ""}` + (deadline !== null ? `Held for you for ${countdownWords(left)}.` : "");
}
