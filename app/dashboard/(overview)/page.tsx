// /dashboard — a brand's discount codes: live status, redemption counts, a summary of the last
// days, and the way to create one. The same listCodes as GET /api/v1/discountcode. Notifications
// of the brand that failed for good are listed above the codes, with how to re-send them.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CodesTable } from "@/components/dashboard/codes-table";
import { PlusIcon, TagIcon } from "@/components/icons";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { getBrandViewer } from "@/components/session";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { formatMoney } from "@/lib/cart/format";
import { getDeps } from "@/lib/deps";
import { listCodes, listCodesQuerySchema } from "@/lib/discounts";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { brandActivity } from "../_data/code-analytics";
import { failedNotifications } from "../_data/failed-notifications";
import { FailedNotifications } from "./failed-notifications";

export const metadata: Metadata = { title: "Discount codes" };

const DAY = 24 * 60 * 60 * 1000;

export default async function CodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard");
  const params = await searchParams;
  const query = listCodesQuerySchema.safeParse({ limit: 50, cursor: typeof params.cursor === "string" ? params.cursor : undefined });
  const deps = await getDeps();
  const now = deps.clock();
  const [page, week, month, allTime, failed] = await Promise.all([
    listCodes(deps.db, { brandId: ctx.brand.id, query: query.success ? query.data : { limit: 50 }, now }),
    brandActivity(deps.db, { brandId: ctx.brand.id, since: new Date(now.getTime() - 7 * DAY) }),
    brandActivity(deps.db, { brandId: ctx.brand.id, since: new Date(now.getTime() - 30 * DAY) }),
    brandActivity(deps.db, { brandId: ctx.brand.id }),
    failedNotifications(deps.db, ctx.brand.id),
  ]);
  const codes = page.data;
  const active = codes.filter((c) => c.status === "active").length;
  const scheduled = codes.filter((c) => c.status === "scheduled").length;
  const isFirstPage = !params.cursor;

  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Discount codes"
        description={`Codes take a percentage off every ${ctx.brand.name} product for a set time. Each shopper can use a code once.`}
        actions={
          <ButtonLink href="/dashboard/codes/new">
            <PlusIcon className="size-4" />
            New code
          </ButtonLink>
        }
      />
      <FailedNotifications items={failed} />
      {ctx.account.user.emailVerified ? null : (
        <VerifyEmailNotice className="mt-6" email={ctx.viewer.email} resend={resendVerificationAction}>
          We emailed a link to {ctx.viewer.email}. Until you open it, you cannot create discount codes.
        </VerifyEmailNotice>
      )}
      {codes.length === 0 && isFirstPage ? (
        <Card className="mt-8">
          <EmptyState
            icon={<TagIcon className="size-6" />}
            title="Create your first discount code"
            action={
              <>
                <ButtonLink href="/dashboard/codes/new">
                  <PlusIcon className="size-4" />
                  New code
                </ButtonLink>
                <ButtonLink href="/docs/api" variant="secondary">
                  Use the API instead
                </ButtonLink>
              </>
            }
          >
            Pick a code shoppers will remember (like SPRING20), a percentage and an end date. Every shopper who opted in is emailed
            the code, and you&apos;ll see each redemption here.
          </EmptyState>
        </Card>
      ) : (
        <>
          {isFirstPage ? (
            <dl className="mt-8 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
              <Stat label="Active codes" value={active} note={scheduled ? `${scheduled} scheduled` : "None scheduled"} />
              <Stat label="Redemptions · 7 days" value={week.redemptions.toLocaleString("en")} note={`${month.redemptions.toLocaleString("en")} in 30 days`} />
              <Stat label="Discount given · 30 days" value={formatMoney(month.discountGiven, month.currency ?? "EUR")} note="Off eligible items" />
              <Stat label="All-time redemptions" value={allTime.redemptions.toLocaleString("en")} note={`${formatMoney(allTime.discountGiven, allTime.currency ?? "EUR")} given in total`} />
            </dl>
          ) : null}
          <Card className="mt-6 overflow-hidden">
            <CodesTable codes={codes} now={now} />
            {page.nextCursor || !isFirstPage ? (
              <div className="flex justify-between gap-3 border-t border-line bg-surface-muted px-5 py-3">
                {!isFirstPage ? (
                  <ButtonLink href="/dashboard" variant="secondary" size="sm">
                    Newest
                  </ButtonLink>
                ) : (
                  <span />
                )}
                {page.nextCursor ? (
                  <ButtonLink href={`/dashboard?cursor=${encodeURIComponent(page.nextCursor)}`} variant="secondary" size="sm">
                    Older codes
                  </ButtonLink>
                ) : null}
              </div>
            ) : null}
          </Card>
        </>
      )}
    </main>
  );
}
