// /sign-in — email and password; back to `callbackUrl` afterwards (the proxy sends people here).
// Someone already signed in goes on at once, as if they had just signed in.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FormError } from "@/components/auth/field";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getViewer } from "@/components/session";
import { safeCallbackUrl } from "@/lib/auth/page-access";
import { signInAction } from "../actions";
import { destinationFor } from "../destination";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  const viewer = await getViewer();
  if (viewer) redirect(destinationFor(viewer.role, raw));
  const callbackUrl = raw ? safeCallbackUrl(raw) : undefined;
  // next-auth's own callback (a form posted straight to /api/auth/callback/credentials) comes back
  // here with `?error=CredentialsSignin&code=…`: say what happened, as the form itself would.
  const refused =
    params.error === "CredentialsSignin"
      ? params.code === "rate_limited"
        ? "Too many attempts. Try again in a few minutes."
        : "Wrong email or password."
      : undefined;
  const signUpHref = callbackUrl ? `/sign-up?${new URLSearchParams({ callbackUrl })}` : "/sign-up";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
        <p className="text-sm text-fg-muted">
          {callbackUrl ? "Sign in to continue." : "Welcome back."} No account yet?{" "}
          <Link href={signUpHref} className="font-medium text-accent-ink underline-offset-2 hover:underline">
            Create one
          </Link>
          .
        </p>
      </div>
      <FormError message={refused} />
      <SignInForm action={signInAction} callbackUrl={callbackUrl} />
    </div>
  );
}
