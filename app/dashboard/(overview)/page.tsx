// /dashboard — a brand's discount codes: search by code prefix, status tabs, sort, cursor pages,
// all in the URL (?q=&status=&sort=&cursor=) through a GET form and links, so it works without
// JavaScript, survives reload and back, and a shared link shows the same view. The same listCodes
// as GET /api/v1/discountcode. Above: failed notifications, and a summary of the last days.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CodesSearch, Pager, StatusTabs, listHref, type ListView } from "@/components/dashboard/codes-list-controls";
import { CodesTable } from "@/components/dashboard/codes-table";
import { moneyPerCurrency } from "@/components/dashboard/money-per-currency";
import { PlusIcon, TagIcon } from "@/components/icons";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { getBrandViewer } from "@/components/session";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { getDeps } from "@/lib/deps";
import { countCodes, listCodes, listCodesQuerySchema, type CodeList } from "@/lib/discounts";
import { brandActivity } from "@/lib/discounts/code-analytics";
import { isDomainError } from "@/lib/errors";
import { failedNotifications } from "@/lib/notifications/failed-notifications";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { FailedNotifications } from "./failed-notifications";

export const metadata: Metadata = { title: "Discount codes" };

const DAY = 24 * 60 * 60 * 1000;
const PAGE_SIZE = 50;

type Params = Record<string, string | string[] | undefined>;

/** The view the URL asks for: each parameter checked on its own; a bad one is dropped (a bad search is said). */
function viewOf(params: Params): { view: ListView; searchError?: string } {
  const one = (k: string) => (typeof params[k] === "string" && params[k] !== "" ? (params[k] as string) : undefined);
  const shape = listCodesQuerySchema.shape;
  const q = shape.q.safeParse(one("q"));
  const status = shape.status.safeParse(one("status"));
  const sort = shape.sort.safeParse(one("sort"));
  const cursor = shape.cursor.safeParse(one("cursor"));
  return {
    view: {
      q: q.success ? q.data : undefined,
      status: status.success ? status.data : undefined,
      sort: sort.success ? sort.data : undefined,
      cursor: cursor.success ? cursor.data : undefined,
    },
    searchError: q.success ? undefined : `“${one("q")}” is not the start of a code: codes have only letters A–Z, digits, - and _.`,
  };
}

export default async function CodesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard");
  const { view, searchError } = viewOf(await searchParams);
  const deps = await getDeps();
  const now = deps.clock();
  const brandId = ctx.brand.id;
  const listPage = async (cursor: string | undefined): Promise<CodeList | null> =>
    searchError ? { data: [], nextCursor: null, prevCursor: null } : listCodes(deps.db, { brandId, now, query: listCodesQuerySchema.parse({ ...view, cursor, limit: PAGE_SIZE }) });
  // A cursor from an old link that no longer fits (another sort, say) starts the list again.
  const page = await listPage(view.cursor).catch((e: unknown) => {
    if (isDomainError(e) && e.code === "validation_failed") return null;
    throw e;
  });
  if (!page) redirect(listHref({ ...view, cursor: undefined }));
  const [counts, allCodes, week, month, allTime, failed] = await Promise.all([
    countCodes(deps.db, { brandId, q: searchError ? undefined : view.q, now }),
    view.q || view.status ? countCodes(deps.db, { brandId, now }) : null,
    brandActivity(deps.db, { brandId, since: new Date(now.getTime() - 7 * DAY) }),
    brandActivity(deps.db, { brandId, since: new Date(now.getTime() - 30 * DAY) }),
    brandActivity(deps.db, { brandId }),
    failedNotifications(deps.db, { brandId }),
  ]);
  const brandTotals = allCodes ?? counts;
  const shown = searchError ? 0 : counts[view.status ?? "all"];
  const noCodesYet = brandTotals.all === 0 && !view.q;

  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Discount codes"
        description={`Codes of ${ctx.brand.name}: each takes its discount off ${ctx.brand.name} products for a set time, once per shopper.`}
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
      {noCodesYet ? (
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
          <dl className="mt-8 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
            <Stat label="Active codes" value={brandTotals.active.toLocaleString("en")} note={brandTotals.scheduled ? `${brandTotals.scheduled.toLocaleString("en")} scheduled` : "None scheduled"} />
            <Stat label="Redemptions · 7 days" value={week.redemptions.toLocaleString("en")} note={`${month.redemptions.toLocaleString("en")} in 30 days`} />
            <Stat label="Discount given · 30 days" value={moneyPerCurrency(month.byCurrency, (c) => c.discountGiven)} note="Off your products" />
            <Stat label="All-time redemptions" value={allTime.redemptions.toLocaleString("en")} note={`${moneyPerCurrency(allTime.byCurrency, (c) => c.discountGiven)} given in total`} />
          </dl>
          <Card className="mt-6 overflow-hidden">
            <CodesSearch view={view} error={searchError} />
            <StatusTabs view={view} counts={counts} />
            <p role="status" className="px-5 pt-3 pb-2 text-sm text-fg-muted">
              {shown.toLocaleString("en")} {shown === 1 ? "code" : "codes"}
              {view.q && !searchError ? ` starting with ${view.q}` : ""}
              {view.q ? " (bulk codes included)" : ""}
            </p>
            {page.data.length ? (
              <CodesTable codes={page.data} now={now} />
            ) : (
              <EmptyState title={view.q ? `No codes start with ${view.q}` : "No codes here"} compact>
                {view.status ? "Try another tab, or " : "Try "}
                <a href={listHref({})} className="font-medium text-accent-ink underline">
                  all codes
                </a>
                .
              </EmptyState>
            )}
            <Pager view={view} prevCursor={page.prevCursor} nextCursor={page.nextCursor} />
          </Card>
        </>
      )}
    </main>
  );
}
