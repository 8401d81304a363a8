// /sign-up — a shopper account, or a brand account that creates its brand. Someone already
// signed in goes on, as from /sign-in.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getViewer } from "@/components/session";
import { safeCallbackUrl } from "@/lib/auth/page-access";
import { signUpAction } from "../actions";
import { destinationFor } from "../destination";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  const viewer = await getViewer();
  if (viewer) redirect(destinationFor(viewer.role, raw));
  const callbackUrl = raw ? safeCallbackUrl(raw) : undefined;
  const signInHref = callbackUrl ? `/sign-in?${new URLSearchParams({ callbackUrl })}` : "/sign-in";
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight">Create an account</h1>
        <p className="text-sm text-fg-muted">
          Already have one?{" "}
          <Link href={signInHref} className="font-medium text-accent-ink underline-offset-2 hover:underline">
            Sign in
          </Link>
          .
        </p>
      </div>
      <SignUpForm action={signUpAction} callbackUrl={callbackUrl} />
    </div>
  );
}
