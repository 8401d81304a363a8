// /dashboard/tokens — the brand admin's API tokens: create (the secret shown once), list, revoke.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateTokenCard, TokenList, type TokenRow } from "@/components/dashboard/token-manager";
import { getBrandViewer } from "@/components/session";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/accounts";
import { getDeps } from "@/lib/deps";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard/tokens");
  const { db, clock } = await getDeps();
  const tokens: TokenRow[] = (await listApiTokens(db, { userId: ctx.viewer.id, now: clock() })).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    state: t.state,
  }));
  return (
    <main id="main" className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            Tokens act as you ({ctx.viewer.email}) on the{" "}
            <Link href="/docs/api" className="font-medium text-accent-ink underline-offset-2 hover:underline">
              REST API
            </Link>
            : create codes, list them, read redemption counts. Treat them like passwords.
          </>
        }
      />
      <CreateTokenCard action={createTokenAction} />
      <TokenList tokens={tokens} revoke={revokeTokenAction} />
    </main>
  );
}
