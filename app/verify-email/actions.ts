"use server";
// Server actions of email verification: confirm a link (the /verify-email page's button — a GET
// alone never verifies, since mail scanners prefetch links) and send a new link (the banner).
import { redirect } from "next/navigation";
import type { ResendState } from "@/components/account/verify-email-notice";
import { getViewer } from "@/components/session";
import { resendVerification, verifyEmail } from "@/lib/accounts";
import { getDeps } from "@/lib/deps";
import { isDomainError } from "@/lib/errors";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";

export async function confirmEmailAction(form: FormData): Promise<void> {
  if (!(form instanceof FormData)) redirect("/verify-email?invalid=1");
  const token = String(form.get("token") ?? "");
  const deps = await getDeps();
  let role: "shopper" | "brand";
  try {
    ({ role } = await verifyEmail(deps.db, { token, now: deps.clock() }));
  } catch (e) {
    if (!isDomainError(e)) throw e;
    redirect(`/verify-email?${new URLSearchParams({ invalid: "1", reason: e.message })}`);
  }
  redirect(`/verify-email?verified=${role}`);
}

export async function resendVerificationAction(): Promise<ResendState> {
  const viewer = await getViewer();
  if (!viewer) return { tone: "danger", message: "Sign in to get a new link." };
  const deps = await getDeps();
  try {
    const r = await resendVerification(deps.db, { userId: viewer.id, now: deps.clock(), secret: appUnsubscribeSecret() });
    if (!r.sent) return { tone: "success", message: "Your email address is already confirmed." };
    deps.events.dispatch([r.outboxId]);
    return { tone: "success", message: `A new link is on its way to ${viewer.email}. It works for 48 hours.` };
  } catch (e) {
    if (isDomainError(e) && e.code === "rate_limited") return { tone: "warning", message: e.message };
    throw e;
  }
}
