"use server";
// /account's actions: a shopper's notification setting, through the notifications domain (the
// same switch the one-click unsubscribe link turns off), and a password change.
import { revalidatePath } from "next/cache";
import { signIn } from "@/auth";
import type { AuthFormState } from "@/components/auth/form-state";
import { getViewer } from "@/components/session";
import { changePassword, changePasswordBodySchema } from "@/lib/accounts";
import { argon2Passwords } from "@/lib/auth/password";
import { getDeps } from "@/lib/deps";
import { isDomainError } from "@/lib/errors";
import { setNotificationOptIn } from "@/lib/notifications";

export async function setAnnouncementsAction(enabled: boolean): Promise<{ ok: boolean; enabled: boolean }> {
  const viewer = await getViewer();
  if (!viewer || typeof enabled !== "boolean") return { ok: false, enabled: !enabled };
  const { db } = await getDeps();
  const settings = await setNotificationOptIn(db, { userId: viewer.id, notifyNewCodes: enabled });
  revalidatePath("/account");
  return { ok: true, enabled: settings.notifyNewCodes };
}

/**
 * Changes the password (revoking every session, this one included), then signs this browser in
 * again with the new password so only the other sessions end.
 */
export type PasswordFormState = AuthFormState & { done?: boolean };

export async function changePasswordAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  if (!(form instanceof FormData)) return { error: "Send the password form." };
  const viewer = await getViewer();
  if (!viewer) return { error: "Your session has ended. Sign in again." };
  const value = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  const parsed = changePasswordBodySchema.safeParse({ currentPassword: value("currentPassword"), newPassword: value("newPassword") });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[String(i.path[0] ?? "form")] ??= i.message;
    return { fieldErrors };
  }
  const { db } = await getDeps();
  try {
    await changePassword(db, { userId: viewer.id, ...parsed.data }, { passwords: argon2Passwords });
  } catch (e) {
    if (isDomainError(e) && e.code === "validation_failed") return { fieldErrors: { currentPassword: e.message } };
    throw e;
  }
  await signIn("credentials", { email: viewer.email, password: parsed.data.newPassword, redirect: false });
  return { done: true };
}
