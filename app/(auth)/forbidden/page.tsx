// /forbidden — what a signed-in user sees (with status 403, via proxy.ts) on a page their
// account may not open, e.g. a shopper on the brand dashboard.
import type { Metadata } from "next";
import Link from "next/link";
import { auth } from "@/auth";

export const metadata: Metadata = { title: "Not available for this account" };

export default async function ForbiddenPage() {
  const session = await auth();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">This page is for brand accounts</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        {session?.user ? (
          <>
            You are signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{session.user.email}</span>, a
            shopper account. The dashboard is only open to a brand&apos;s admins.
          </>
        ) : (
          <>The dashboard is only open to a brand&apos;s admins.</>
        )}
      </p>
      <div className="flex flex-wrap gap-3">
        <Link
          href="/"
          className="rounded-lg border border-zinc-300 px-4 py-2.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Back home
        </Link>
        <Link
          href="/sign-out"
          className="rounded-lg border border-zinc-300 px-4 py-2.5 font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Switch account
        </Link>
      </div>
    </div>
  );
}
