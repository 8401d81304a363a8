// /dashboard/codes/{id} — one code: its terms and status, redemptions over time, totals, the
// latest usages, and a CSV export of all of them. Another brand's code is a 404.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { LiveStatusBadge } from "@/components/dashboard/live-status-badge";
import { RedemptionsChart } from "@/components/dashboard/redemptions-chart";
import { ChartIcon, DownloadIcon, PlusIcon } from "@/components/icons";
import { getBrandViewer } from "@/components/session";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { ButtonLink, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate, formatMoney, formatRelative } from "@/lib/cart/format";
import { getDeps } from "@/lib/deps";
import { codeStatus, loadCode, looksLikeCodeId } from "@/lib/discounts";
import { chartWindow, codeTotals, dailyRedemptions, recentUsages } from "../../_data/code-analytics";

export const metadata: Metadata = { title: "Discount code" };

export default async function CodePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard");
  const { id } = await params;
  const { created, announced } = await searchParams;
  // Past the brand's daily announcement cap (createCode): created and usable, not emailed.
  const notAnnounced = announced === "0";
  if (!looksLikeCodeId(id)) notFound();
  const deps = await getDeps();
  const code = await loadCode(deps.db, id.toLowerCase());
  // Another brand's code answers like a missing one.
  if (!code || code.brand.id !== ctx.brand.id) notFound();

  const now = deps.clock();
  const status = codeStatus(code, now);
  const window = chartWindow(code, now);
  const scope = { brandId: ctx.brand.id, codeId: code.id };
  const [totals, points, recent] = await Promise.all([
    codeTotals(deps.db, scope),
    window ? dailyRedemptions(deps.db, { ...scope, ...window }) : Promise.resolve([]),
    recentUsages(deps.db, { ...scope, limit: 10 }),
  ]);
  const currency = totals.currency ?? "EUR";
  const avgDiscount = totals.redemptions ? Math.round(totals.discountGiven / totals.redemptions) : 0;

  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader
        back={{ href: "/dashboard", label: "Discount codes" }}
        title={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <span className="font-mono tracking-wide break-all">{code.code}</span>
            <CopyButton value={code.code} label={`Copy code ${code.code}`} variant="secondary" />
            <LiveStatusBadge validFrom={code.validFrom.toISOString()} validUntil={code.validUntil.toISOString()} initial={status} />
          </span>
        }
        description={
          <>
            {code.percent}% off every {code.brand.name} product · {formatDate(code.validFrom, { time: true, timeZone: "UTC" })} –{" "}
            {formatDate(code.validUntil, { time: true, timeZone: "UTC" })} UTC
          </>
        }
        actions={
          <>
            <a href={`/dashboard/codes/${code.id}/usages.csv`} className={buttonClasses({ variant: "secondary" })} download>
              <DownloadIcon className="size-4" />
              Export CSV
            </a>
            <ButtonLink href="/dashboard/codes/new">
              <PlusIcon className="size-4" />
              New code
            </ButtonLink>
          </>
        }
      />

      {created ? (
        <Alert tone="success" role="status" className="mt-6" title={`${code.code} is ready.`}>
          {status === "active" ? "Shoppers can use it now. " : `It starts ${formatRelative(code.validFrom, now)}. `}
          {notAnnounced
            ? `It is not emailed to shoppers: ${code.brand.name} has reached its limit of announced codes for the last 24 hours. Share it yourself, or create the next one tomorrow to have it announced.`
            : "Everyone who opted in is being emailed the code and its terms."}
        </Alert>
      ) : null}

      <dl className="mt-8 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat label="Redemptions" value={totals.redemptions.toLocaleString("en")} note="Each shopper once" />
        <Stat label="Discount given" value={formatMoney(totals.discountGiven, currency)} note={totals.redemptions ? `${formatMoney(avgDiscount, currency)} per order` : "—"} />
        <Stat label="Order value after discount" value={formatMoney(totals.revenue, currency)} note="Sum of order totals" />
        <Stat
          label={status === "scheduled" ? "Starts" : status === "active" ? "Ends" : "Ended"}
          value={formatRelative(status === "scheduled" ? code.validFrom : code.validUntil, now)}
          note={formatDate(status === "scheduled" ? code.validFrom : code.validUntil, { timeZone: "UTC" })}
        />
      </dl>

      <Card className="mt-6" aria-labelledby="chart-title">
        <CardHeader id="chart-title" title="Redemptions over time" description={window ? "Per day (UTC)" : undefined} />
        <div className="px-3 pt-4 pb-3 sm:px-5">
          {window ? (
            <RedemptionsChart points={points} currency={currency} />
          ) : (
            <EmptyState icon={<ChartIcon className="size-6" />} title="Not started yet" compact>
              {code.code} starts {formatRelative(code.validFrom, now)}. Redemptions will show up here day by day.
            </EmptyState>
          )}
        </div>
      </Card>

      <Card className="mt-6 overflow-hidden" aria-labelledby="recent-title">
        <CardHeader
          id="recent-title"
          title="Recent redemptions"
          description={totals.redemptions > recent.length ? `The latest ${recent.length} of ${totals.redemptions.toLocaleString("en")}` : undefined}
          actions={
            totals.redemptions > 0 ? (
              <a href={`/dashboard/codes/${code.id}/usages.csv`} className={buttonClasses({ variant: "ghost", size: "sm" })} download>
                <DownloadIcon className="size-4" />
                CSV
              </a>
            ) : null
          }
        />
        {recent.length === 0 ? (
          <EmptyState title="No redemptions yet" compact>
            When a shopper applies {code.code} at checkout it appears here, and you get an email.
          </EmptyState>
        ) : (
          <Table label="Recent redemptions">
            <THead>
              <tr>
                <TH>Shopper</TH>
                <TH>When</TH>
                <TH className="text-right">Order</TH>
                <TH className="text-right">Discount</TH>
                <TH className="text-right">Paid</TH>
              </tr>
            </THead>
            <TBody>
              {recent.map((u) => (
                <TR key={u.id}>
                  <TD>
                    <p className="font-medium text-fg">{u.shopperName}</p>
                    <p className="text-xs text-fg-subtle">{u.shopperEmail}</p>
                  </TD>
                  <TD className="whitespace-nowrap text-fg-muted">
                    <time dateTime={u.usedAt.toISOString()} title={u.usedAt.toISOString()}>
                      {formatRelative(u.usedAt, now)}
                    </time>
                  </TD>
                  <TD className="text-right text-fg-muted tabular">{u.subtotal !== null ? formatMoney(u.subtotal, u.currency ?? currency) : "—"}</TD>
                  <TD className="text-right tabular">
                    {u.discountAmount !== null ? (
                      <Badge tone="success">−{formatMoney(u.discountAmount, u.currency ?? currency)}</Badge>
                    ) : (
                      <span className="text-fg-subtle">—</span>
                    )}
                  </TD>
                  <TD className="text-right font-medium text-fg tabular">{u.total !== null ? formatMoney(u.total, u.currency ?? currency) : "—"}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </main>
  );
}
