// What the discount widget tells a shopper for each answer the API can refuse a code with
// (API.md error codes). One place, so the checkout page and the embeddable widget say the same.
export type RefusalCode =
  | "not_found"
  | "expired"
  | "not_yet_valid"
  | "already_used"
  | "rate_limited"
  | "validation_failed"
  | "unavailable"
  | "unauthorized"
  | "invalid_token"
  | "forbidden"
  | "currency_mismatch"
  | "exhausted"
  | "minimum_not_met"
  | "not_eligible"
  | "no_eligible_items"
  | "deactivated"
  | "hold_expired"
  | "network"
  | "internal";

export interface RefusalContext {
  /** The code as the shopper typed it (normalised). */
  code?: string;
  /** Formatted dates, when the API told us the code's window. */
  validFrom?: string;
  validUntil?: string;
  /** Seconds, from a Retry-After header. */
  retryAfter?: number;
  /** The first field message of a 422. */
  detail?: string;
  /** minimum_not_met: the formatted minimum and what is missing ("€50.00", "€12.50"). */
  minimum?: string;
  missing?: string;
  /** The code's brand, when known ("Acme Outfitters"). */
  brandName?: string;
}

export interface Refusal {
  code: RefusalCode;
  title: string;
  detail: string;
}

export function refusalFor(code: string, ctx: RefusalContext = {}): Refusal {
  const c = ctx.code ? `“${ctx.code}”` : "This code";
  const r = (k: RefusalCode, title: string, detail: string): Refusal => ({ code: k, title, detail });
  switch (code) {
    case "not_found":
      return r("not_found", "Code not found", `We couldn’t find ${c}. Check the spelling — codes are letters, numbers, - and _.`);
    case "expired":
      return r("expired", "This code has expired", `${c} ended${ctx.validUntil ? ` on ${ctx.validUntil}` : ""} and can no longer be used.`);
    case "not_yet_valid":
      return r("not_yet_valid", "This code isn’t active yet", `${c} starts${ctx.validFrom ? ` on ${ctx.validFrom}` : " later"}. Try again then.`);
    case "already_used":
      return r("already_used", "You’ve already used this code", `${c} can be used once per shopper, and you’ve used it before.`);
    case "rate_limited": {
      const s = ctx.retryAfter && ctx.retryAfter > 0 ? Math.ceil(ctx.retryAfter) : 0;
      const wait = !s ? "a moment" : s < 60 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minute${Math.ceil(s / 60) === 1 ? "" : "s"}`;
      return r("rate_limited", "Too many attempts", `Try again in ${wait}.`);
    }
    case "validation_failed":
      return r("validation_failed", "That doesn’t look like a code", ctx.detail ?? "Codes are 3–32 letters, numbers, - or _.");
    case "unavailable":
      return r("unavailable", "Discounts are briefly unavailable", "Nothing was applied and your cart is unchanged. Please try again in a moment.");
    case "unauthorized":
    case "invalid_token":
      return r(code, "Sign in to use a code", "Your session has ended. Sign in again, then apply the code.");
    case "forbidden":
      return r("forbidden", "This code can’t be applied here", "The code can only be used by the signed-in shopper.");
    case "currency_mismatch":
      return r("currency_mismatch", "This code is for another currency", `${c} works on orders in another currency than this cart’s. Nothing was applied.`);
    case "exhausted":
      return r("exhausted", "This code has run out", `${c} has been used as many times as its brand allows. Nothing was applied.`);
    case "minimum_not_met": {
      const of = ctx.brandName ? `${ctx.brandName} items` : "items from the code’s brand";
      const need = ctx.minimum ? ` needs ${ctx.minimum} of ${of}` : ` needs more ${of} in your cart`;
      return r("minimum_not_met", "Add a little more to use this code", `${c}${need}${ctx.missing ? ` — add ${ctx.missing} more` : ""}, then apply it again.`);
    }
    case "not_eligible":
      return r(
        "not_eligible",
        "This code is for returning customers",
        `${c} is only for shoppers with enough earlier orders${ctx.brandName ? ` with ${ctx.brandName}` : " with its brand"}. Your account doesn’t qualify yet.`,
      );
    case "no_eligible_items":
      return r(
        "no_eligible_items",
        "Nothing in your cart is from this brand",
        `${c} only lowers the price of ${ctx.brandName ?? "its brand’s"} products. Add one, then apply the code — it hasn’t been used.`,
      );
    case "deactivated":
      return r("deactivated", "This code has been withdrawn", `The brand has ended ${c} early; it can no longer be used.`);
    case "hold_expired":
      return r("hold_expired", "Your hold on this code ran out", `${c} was kept for you for a limited time. Apply it again to keep the discount.`);
    case "network":
      return r("network", "Can’t reach the store", "Check your connection and try again. Nothing was applied.");
    default:
      return r("internal", "Something went wrong", "Nothing was applied. Please try again in a moment.");
  }
}

/** Client-side check before any request: same rule as the API (3–32 of A–Z 0–9 - _ after trim + upper-case). */
export function normalizeTypedCode(input: string): { code: string; valid: boolean } {
  const code = input.trim().toUpperCase();
  return { code, valid: /^[A-Z0-9_-]{3,32}$/.test(code) };
}
