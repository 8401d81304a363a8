"use server";
// The create-code form's server action: the same schema (createCodeBodySchema) and the same
// domain function (createCode) as POST /api/v1/discountcode, so the dashboard and the API accept
// and refuse exactly the same codes. Errors come back per field for the form to show inline.
import { redirect } from "next/navigation";
import type { CreateCodeFormState } from "@/components/dashboard/create-code-state";
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { createCode, createCodeBodySchema } from "@/lib/discounts";
import { env } from "@/lib/env";
import { assertMayCreateCode } from "@/lib/discounts/rate-limit";
import { isDomainError } from "@/lib/errors";
import { fieldErrorsOf } from "./field-errors";

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
  const mode = text(form, "mode") === "rule" ? "rule" : "percent";
  const validFrom = text(form, "validFromIso");
  const raw = {
    code: text(form, "code"),
    ...(mode === "rule" ? { ruleId: numberOrUndefined(text(form, "ruleId")) } : { discount: numberOrUndefined(text(form, "discount")) }),
    validUntil: text(form, "validUntilIso") || undefined,
    ...(validFrom ? { validFrom } : {}),
  };
  const parsed = createCodeBodySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error.issues) };

  const deps = await getDeps();
  let id: string;
  let announced: boolean;
  try {
    await assertMayCreateCode(deps.limiter, ctx.brand.id); // codes per brand, as in the API: 429 → the form says how long to wait
    ({ id, announced } = await createCode(deps, ctx.account, parsed.data, { announcementsPerDay: env.ANNOUNCEMENTS_PER_BRAND_PER_DAY }));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.errors?.length) return { fieldErrors: fieldErrorsOf(e.errors.map((x) => ({ path: [x.path], message: x.message, code: e.code }))) };
    return { formError: e.message };
  }
  redirect(`/dashboard/codes/${id}?created=1${announced ? "" : "&announced=0"}`);
}
