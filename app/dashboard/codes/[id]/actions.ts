"use server";
// Ending a code early from its page: the same domain function (deactivateCode) as
// POST /api/v1/discountcode/{id}/deactivate. Idempotent; another brand's code is not found.
import { revalidatePath } from "next/cache";
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { deactivateCode } from "@/lib/discounts";
import { isDomainError } from "@/lib/errors";

export async function deactivateCodeAction(codeId: string): Promise<{ ok: boolean; error?: string }> {
  const ctx = await getBrandViewer();
  if (!ctx) return { ok: false, error: "Only a brand's admins can deactivate its codes." };
  if (typeof codeId !== "string" || !/^[0-9a-f]{64}$/.test(codeId)) return { ok: false, error: "No such code." };
  const deps = await getDeps();
  try {
    await deactivateCode(deps, { actor: ctx.account, ref: codeId });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return { ok: false, error: e.message };
  }
  revalidatePath(`/dashboard/codes/${codeId}`);
  revalidatePath("/dashboard");
  return { ok: true };
}
