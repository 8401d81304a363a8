// /forbidden — what a signed-in user sees (with status 403, via proxy.ts) on a page their
// account may not open, e.g. a shopper on the brand dashboard.
import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui";
import { auth } from "@/auth";

export const metadata: Metadata = { title: "Not available for this account" };

export default async function ForbiddenPage() {
  const session = await auth();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">This page is for brand accounts</h1>
      <p className="text-fg-muted">
        {session?.user ? (
          <>
            You are signed in as <span className="font-medium text-fg">{session.user.email}</span>, a
            shopper account. The dashboard is only open to a brand&apos;s admins.
          </>
        ) : (
          <>The dashboard is only open to a brand&apos;s admins.</>
        )}
      </p>
      <div className="flex flex-wrap gap-3">
        <ButtonLink href="/" variant="secondary">
          Back home
        </ButtonLink>
        <ButtonLink href="/sign-out" variant="secondary">
          Switch account
        </ButtonLink>
      </div>
    </div>
  );
}
