// /sign-up — a shopper account, or a brand account that creates its brand.
import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackUrl } from "@/lib/auth/page-access";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
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
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
