"use server";
// The bulk-codes form's server action: the same schema (createBatchBodySchema) and the same domain
// function (createBatch) as POST /api/v1/discountcode/batch. Errors come back per field.
import { revalidatePath } from "next/cache";
import type { BatchFormState } from "@/components/dashboard/batch-form";
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { createBatchBodySchema } from "@/lib/discounts/batch-schemas";
import { createBatch } from "@/lib/discounts/batches";
import { isDomainError } from "@/lib/errors";

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** "" → undefined (left empty); anything else → a number, NaN when it is not one. */
const numberOrUndefined = (s: string) => (s === "" ? undefined : Number(s));

const fields = new Set(["prefix", "count", "discount", "amountOff", "validUntil", "maxRedemptions"]);

function fieldOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === "rule") return second === "amountOff" || second === "percent" ? (second === "percent" ? "discount" : "amountOff") : "discount";
  return first && fields.has(first) ? first : "form";
}

function sentence(message: string): string {
  const s = message.trim();
  return (s.charAt(0).toUpperCase() + s.slice(1)).replace(/([^.!?])$/, "$1.");
}

export async function createBatchAction(_prev: BatchFormState, form: FormData): Promise<BatchFormState> {
  if (!(form instanceof FormData)) return { formError: "Send the bulk-codes form." };
  const ctx = await getBrandViewer();
  if (!ctx) return { formError: "Only a brand's admins can create codes. Sign in with your brand account." };
  const kind = text(form, "kind") === "fixed_amount" ? "fixed_amount" : "percentage";
  const amount = text(form, "amountOff");
  const raw = {
    prefix: text(form, "prefix"),
    count: numberOrUndefined(text(form, "count")),
    ...(kind === "percentage"
      ? { discount: numberOrUndefined(text(form, "discount")) }
      : {
          rule: {
            type: "fixed_amount",
            // The form takes major units ("5.00"); the API takes minor units.
            amountOff: { amount: amount === "" ? undefined : Math.round(Number(amount.replace(",", ".")) * 100), currency: text(form, "currency") || "EUR" },
          },
        }),
    validUntil: text(form, "validUntilIso") || undefined,
    maxRedemptions: numberOrUndefined(text(form, "maxRedemptions")),
  };
  const parsed = createBatchBodySchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= issue.path.length && issue.code === "invalid_type" ? "Required." : sentence(issue.message);
    return { fieldErrors: errors };
  }
  const deps = await getDeps();
  try {
    const batch = await createBatch(deps, { actor: ctx.account, body: parsed.data });
    revalidatePath("/dashboard/batches");
    return { created: { id: batch.id, total: batch.total, prefix: batch.prefix } };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.errors?.length) {
      for (const x of e.errors) errors[fieldOf([x.path])] ??= sentence(x.message);
      return { fieldErrors: errors };
    }
    return { formError: e.message };
  }
}
