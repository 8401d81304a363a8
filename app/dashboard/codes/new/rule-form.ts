// The create-code form's fields → the API's body (`rule`, `maxRedemptions`): pure, so the server
// action and its tests share it. Money is typed in major units ("5", "5.5", "5.50") and becomes
// integer minor units by string arithmetic — never through a float. Anything that is not a number
// becomes NaN, so the API's own schema refuses it and the form words the refusal.
import type { z } from "zod";
import { parseMoneyInput, parseWholeNumber } from "@/lib/cart/money-input";
import type { eligibilityInputSchema, ruleInputSchema } from "@/lib/discounts/schemas";

export { parseMoneyInput, parseWholeNumber };

export interface RuleFormFields {
  /** "percentage" | "fixed_amount" */
  type: string;
  /** Percentage rules: 1–100. */
  discount: string;
  /** Fixed-amount rules, in major units. */
  amountOff: string;
  currency: string;
  /** Optional, major units. */
  minSubtotal: string;
  /** "on" when the group is chosen. */
  groupOrders: string;
  minPriorOrders: string;
  groupAmount: string;
  minPriorOrderAmount: string;
  /** Optional total cap. */
  maxRedemptions: string;
}

type EligibilityInput = z.input<typeof eligibilityInputSchema>;
type RuleInputRaw = z.input<typeof ruleInputSchema>;

/** The eligibility the form asks for (the two user groups of the design documents), or undefined for everyone. */
export function eligibilityOf(f: Pick<RuleFormFields, "groupOrders" | "minPriorOrders" | "groupAmount" | "minPriorOrderAmount" | "currency">): EligibilityInput | undefined {
  const e: EligibilityInput = {};
  if (f.groupOrders === "on") e.minPriorOrders = parseWholeNumber(f.minPriorOrders) ?? Number.NaN;
  if (f.groupAmount === "on") e.minPriorOrderAmount = { amount: parseMoneyInput(f.minPriorOrderAmount) ?? Number.NaN, currency: f.currency };
  return Object.keys(e).length ? e : undefined;
}

/** The API's inline `rule` and `maxRedemptions` for these fields (unvalidated: createCodeBodySchema decides). */
export function ruleBodyOf(f: RuleFormFields): { rule: RuleInputRaw; maxRedemptions?: number } {
  const fixed = f.type === "fixed_amount";
  const amountOff = parseMoneyInput(f.amountOff);
  const minSubtotal = parseMoneyInput(f.minSubtotal);
  const eligibility = eligibilityOf(f);
  const rule: RuleInputRaw = {
    type: fixed ? "fixed_amount" : "percentage",
    // An empty amount (like an empty percentage) is left out, so the schema asks for it.
    ...(fixed
      ? amountOff !== undefined
        ? { amountOff: { amount: amountOff, currency: f.currency } }
        : {}
      : { percent: parseWholeNumber(f.discount) }),
    ...(minSubtotal !== undefined ? { minSubtotal: { amount: minSubtotal, currency: f.currency } } : {}),
    ...(eligibility ? { eligibility } : {}),
  };
  const maxRedemptions = parseWholeNumber(f.maxRedemptions);
  return { rule, ...(maxRedemptions !== undefined ? { maxRedemptions } : {}) };
}
