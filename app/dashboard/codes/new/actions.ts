"use server";
// The create-code form's server actions: the same schema (createCodeBodySchema) and the same
// domain function (createCode) as POST /api/v1/discountcode, so the dashboard and the API accept
// and refuse exactly the same codes; the form's fields become the API's inline `rule` and
// `maxRedemptions` (rule-form.ts). Errors come back per field, in the form's words
// (field-errors.ts), for the form to show inline — all of them at once. And
// the live count of shoppers in the chosen user group (countEligibleShoppers, the same query the
// announcement uses).
import { redirect } from "next/navigation";
import type { CreateCodeFormState } from "@/components/dashboard/create-code-state";
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { countEligibleShoppers, createCode, createCodeBodySchema, eligibilityInputSchema } from "@/lib/discounts";
import { env } from "@/lib/env";
import { assertMayCreateCode } from "@/lib/discounts/rate-limit";
import { isDomainError } from "@/lib/errors";
import { codeFormErrors } from "./field-errors";
import { eligibilityOf, ruleBodyOf, type RuleFormFields } from "./rule-form";

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** "" → undefined (the field was left empty); anything else → a number, NaN when it is not one. */
function numberOrUndefined(s: string): number | undefined {
  return s === "" ? undefined : Number(s);
}

export async function createCodeAction(_prev: CreateCodeFormState, form: FormData): Promise<CreateCodeFormState> {
  if (!(form instanceof FormData)) return { formError: "Send the new-code form." };
  const ctx = await getBrandViewer();
  if (!ctx) return { formError: "Only a brand's admins can create codes. Sign in with your brand account." };
  const mode = text(form, "mode") === "rule" ? "rule" : "new";
  const validFrom = text(form, "validFromIso");
  const fields = ruleFields(form);
  const { rule, maxRedemptions } = ruleBodyOf(fields);
  const raw = {
    code: text(form, "code"),
    ...(mode === "rule" ? { ruleId: numberOrUndefined(text(form, "ruleId")) } : { rule }),
    ...(maxRedemptions !== undefined ? { maxRedemptions } : {}),
    validUntil: text(form, "validUntilIso") || undefined,
    ...(validFrom ? { validFrom } : {}),
  };
  const parsed = createCodeBodySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { fieldErrors: codeFormErrors(parsed.error.issues) };

  const deps = await getDeps();
  let id: string;
  let announced: boolean;
  try {
    await assertMayCreateCode(deps.limiter, ctx.brand.id); // codes per brand, as in the API: 429 → the form says how long to wait
    ({ id, announced } = await createCode(deps, { actor: ctx.account, input: parsed.data, announcementsPerDay: env.ANNOUNCEMENTS_PER_BRAND_PER_DAY }));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.errors?.length) return { fieldErrors: codeFormErrors(e.errors.map((x) => ({ path: [x.path], message: x.message, code: e.code }))) };
    return { formError: e.message };
  }
  redirect(`/dashboard/codes/${id}?created=1${announced ? "" : "&announced=0"}`);
}

function ruleFields(form: FormData): RuleFormFields {
  return {
    type: text(form, "type"),
    discount: text(form, "discount"),
    amountOff: text(form, "amountOff"),
    currency: text(form, "currency") || "EUR",
    minSubtotal: text(form, "minSubtotal"),
    groupOrders: text(form, "groupOrders"),
    minPriorOrders: text(form, "minPriorOrders"),
    groupAmount: text(form, "groupAmount"),
    minPriorOrderAmount: text(form, "minPriorOrderAmount"),
    maxRedemptions: text(form, "maxRedemptions"),
  };
}

export interface EligibleCount {
  /** Shoppers who qualify today; null when the group is not filled in yet. */
  count: number | null;
  /** Everyone (no group chosen). */
  everyone: boolean;
}

/** How many shoppers are in the chosen group today, for the form's live count. */
export async function countEligibleAction(input: {
  groupOrders: boolean;
  minPriorOrders: string;
  groupAmount: boolean;
  minPriorOrderAmount: string;
  currency: string;
}): Promise<EligibleCount> {
  const ctx = await getBrandViewer();
  if (!ctx) return { count: null, everyone: false };
  const asked = eligibilityOf({
    groupOrders: input?.groupOrders === true ? "on" : "",
    minPriorOrders: String(input?.minPriorOrders ?? ""),
    groupAmount: input?.groupAmount === true ? "on" : "",
    minPriorOrderAmount: String(input?.minPriorOrderAmount ?? ""),
    currency: String(input?.currency ?? "EUR"),
  });
  const parsed = eligibilityInputSchema.safeParse(asked ?? {});
  if (!parsed.success) return { count: null, everyone: false };
  const e = parsed.data;
  const { db } = await getDeps();
  const count = await countEligibleShoppers(db, { brandId: ctx.brand.id, eligibility: asked ? { minPriorOrders: e.minPriorOrders ?? null, minPriorOrderAmount: e.minPriorOrderAmount ?? null } : null });
  return { count, everyone: !asked };
}
