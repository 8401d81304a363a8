"use server";
// API tokens from the dashboard: issued and revoked by the same accounts functions as
// POST/DELETE /api/v1/auth/token. The secret is returned once, to this response only.
import { revalidatePath } from "next/cache";
import type { CreateTokenState } from "@/components/dashboard/token-state";
import { getBrandViewer } from "@/components/session";
import { issueApiToken, revokeApiToken, tokenNameSchema } from "@/lib/accounts";
import { assertMayIssueToken } from "@/lib/accounts/issue-token";
import { retryAfterOf, waitPhrase } from "@/lib/ratelimit";
import { getDeps } from "@/lib/deps";

const DAY = 24 * 60 * 60 * 1000;
const allowedDays = new Set([7, 30, 90, 365]);

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  if (!(form instanceof FormData)) return { error: "Send the token form." };
  const ctx = await getBrandViewer();
  if (!ctx) return { error: "Only a brand's admins can create tokens here." };
  const name = tokenNameSchema.safeParse(form.get("name") ?? "");
  const days = Number(form.get("days"));
  const fieldErrors = {
    ...(name.success ? {} : { name: name.error.issues[0]?.message ?? "Check the name." }),
    ...(allowedDays.has(days) ? {} : { days: "Choose how long the token lasts." }),
  };
  if (!name.success || !allowedDays.has(days)) return { fieldErrors };
  const { db, clock, limiter } = await getDeps();
  // The same per-user budget as POST /api/v1/auth/token.
  try {
    await assertMayIssueToken(limiter, ctx.viewer.id);
  } catch (e) {
    const retryAfter = retryAfterOf(e);
    if (retryAfter === null) throw e;
    return { error: `Too many tokens created — try again in ${waitPhrase(retryAfter)}.` };
  }
  const now = clock();
  const issued = await issueApiToken(db, ctx.viewer.id, { now, name: name.data, expiresAt: new Date(now.getTime() + days * DAY) });
  revalidatePath("/dashboard/tokens");
  return { created: { token: issued.token, name: name.data, expiresAt: issued.expiresAt.toISOString() } };
}

export async function revokeTokenAction(tokenId: string): Promise<{ ok: boolean }> {
  const ctx = await getBrandViewer();
  if (!ctx || typeof tokenId !== "string") return { ok: false };
  const { db, clock } = await getDeps();
  // The owner is part of the update's where: nobody revokes another user's token by id.
  const { revoked } = await revokeApiToken(db, { tokenId, userId: ctx.viewer.id, now: clock() });
  revalidatePath("/dashboard/tokens");
  return { ok: revoked };
}
