"use server";
// Server actions of the sign-in, sign-up and sign-out pages (the pages hand them to the forms).
// Sign-up calls the same domain function as POST /api/v1/auth/register; sign-in goes through
// next-auth's credentials provider (auth.ts). Refusals come back per field in the form's words
// (form-copy.ts); the API keeps its own.
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { signIn, SignInThrottled, signOut } from "@/auth";
import type { AuthFormState } from "@/components/auth/form-state";
import { registerAccount, registerBodySchema, tokenBodySchema } from "@/lib/accounts";
import { roleOfEmail } from "@/lib/accounts/role-of-email";
import { argon2Passwords } from "@/lib/auth/password";
import { getDeps } from "@/lib/deps";
import { isDomainError } from "@/lib/errors";
import { clientIp, consumeOrThrow, LIMITS, retryAfterOf, waitPhrase } from "@/lib/ratelimit";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";
import { destinationFor } from "./destination";
import { accountFormErrors } from "./form-copy";

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  if (!(form instanceof FormData)) return { error: "Send the sign-in form." };
  const values = { email: text(form, "email") };
  const parsed = tokenBodySchema.safeParse({ email: values.email, password: text(form, "password") }, { reportInput: true });
  if (!parsed.success) {
    return { fieldErrors: accountFormErrors(parsed.error.issues), values };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (e) {
    if (e instanceof SignInThrottled) return { error: `Too many attempts — try again in ${waitPhrase(e.retryAfter)}.`, values };
    if (e instanceof AuthError) return { error: "The email or password is incorrect.", values };
    throw e;
  }
  const { db } = await getDeps();
  redirect(destinationFor(await roleOfEmail(db, parsed.data.email), form.get("callbackUrl")));
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  if (!(form instanceof FormData)) return { error: "Send the sign-up form." };
  const role = text(form, "role");
  const values = { email: text(form, "email"), name: text(form, "name"), role, brandName: text(form, "brandName") };
  const parsed = registerBodySchema.safeParse(
    {
      email: values.email,
      password: text(form, "password"),
      name: values.name,
      role,
      ...(role === "brand" ? { brandName: values.brandName } : {}),
    },
    { reportInput: true },
  );
  if (!parsed.success) {
    return { error: "Please correct the fields below.", fieldErrors: accountFormErrors(parsed.error.issues), values };
  }
  const { db, events, clock, limiter } = await getDeps();
  try {
    // Sign-ups per client IP, as for POST /api/v1/auth/register (lib/ratelimit/limits.ts).
    await consumeOrThrow(limiter, [{ rule: LIMITS.registerPerIp, key: clientIp(await headers()) }]);
    await registerAccount(db, parsed.data, { passwords: argon2Passwords, events, clock, linkSecret: appUnsubscribeSecret() });
  } catch (e) {
    const retryAfter = retryAfterOf(e);
    if (retryAfter !== null) return { error: `Too many attempts — try again in ${waitPhrase(retryAfter)}.`, values };
    if (isDomainError(e) && e.code === "email_taken") {
      return { fieldErrors: { email: "An account with this email already exists. Sign in instead?" }, values };
    }
    throw e;
  }
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  // A new brand starts on its dashboard (to confirm its email, then create codes).
  redirect(parsed.data.role === "brand" ? "/dashboard" : destinationFor("shopper", form.get("callbackUrl")));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
