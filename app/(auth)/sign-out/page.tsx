// /sign-out — confirms, then ends the session (a form POST, so a link or prefetch cannot sign anyone out).
import type { Metadata } from "next";
import Link from "next/link";
import { auth } from "@/auth";
import { SubmitButton } from "@/components/auth/submit-button";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const session = await auth();
  if (!session?.user) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold tracking-tight">You are signed out</h1>
        <Link href="/sign-in" className="font-medium text-accent-ink underline-offset-2 hover:underline">
          Sign in again
        </Link>
      </div>
    );
  }
  return (
    <form action={signOutAction} className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">Sign out</h1>
      <p className="text-fg-muted">
        You are signed in as <span className="font-medium text-fg">{session.user.email}</span>.
      </p>
      <SubmitButton pendingLabel="Signing out…">Sign out</SubmitButton>
    </form>
  );
}
