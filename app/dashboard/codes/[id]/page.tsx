// /dashboard/codes/{id} — one code: its rule in plain words, status (exhausted / deactivated
// included), uses left of its cap, redemptions over time, totals, current holds at checkout, the
// latest confirmed uses and reversals, a CSV export of all of them, and "Deactivate" (with a
// confirm dialog). Another brand's code is a 404. Money is the brand's own lines of each order
// (an order can hold other brands' products), one figure per currency.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { DeactivateCodeButton } from "@/components/dashboard/deactivate-code-button";
import { LiveStatusBadge } from "@/components/dashboard/live-status-badge";
import { moneyPerCurrency } from "@/components/dashboard/money-per-currency";
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
import { capWords, ruleInWords } from "@/lib/cart/rule-words";
import { getDeps } from "@/lib/deps";
import { codeStatus, loadCode, looksLikeCodeId } from "@/lib/discounts";
import { chartWindow, codeTotals, currentHolds, dailyRedemptions, recentUsages, usageCounts, type UsageRow } from "@/lib/discounts/code-analytics";
import { statusOf } from "@/lib/discounts/code-view";
import { liveUses } from "@/lib/discounts/usages";
import { possessive } from "@/lib/possessive";
import { deactivateCodeAction } from "./actions";

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
  const window = chartWindow(code, now);
  const scope = { brandId: ctx.brand.id, codeId: code.id };
  const [totals, points, recent, holds, reversals, counts, live] = await Promise.all([
    codeTotals(deps.db, scope),
    window ? dailyRedemptions(deps.db, { ...scope, ...window }) : Promise.resolve([]),
    recentUsages(deps.db, { ...scope, limit: 10 }),
    currentHolds(deps.db, { ...scope, now, limit: 20 }),
    recentUsages(deps.db, { ...scope, limit: 10, status: "reversed" }),
    usageCounts(deps.db, scope),
    liveUses(deps.db, [code.id]),
  ]);
  // Reserved + confirmed uses, as the API counts them against the cap.
  const used = live.get(code.id) ?? 0;
  const status = statusOf(code, { redemptions: used, now });
  const remaining = code.maxRedemptions === null ? null : Math.max(0, code.maxRedemptions - used);
  const windowStatus = codeStatus(code, now);
  const canDeactivate = status !== "deactivated" && status !== "expired";
  const brandItems = `${possessive(code.brand.name)} items`;
  const money = (amount: number | null, currency: string | null) => (amount !== null && currency ? formatMoney(amount, { currency }) : "—");

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
            <span data-testid="rule-words">{ruleInWords(code.rule, { brandName: code.brand.name })}</span> {formatDate(code.validFrom, { time: true, timeZone: "UTC" })} –{" "}
            {formatDate(code.validUntil, { time: true, timeZone: "UTC" })} UTC
          </>
        }
        actions={
          <>
            {canDeactivate ? <DeactivateCodeButton codeId={code.id} code={code.code} holds={holds.length} deactivate={deactivateCodeAction} /> : null}
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
          {status === "active" ? "Shoppers can use it now. " : `It starts ${formatRelative(code.validFrom, { now })}. `}
          {notAnnounced
            ? `It is not emailed to shoppers: ${code.brand.name} has reached its limit of announced codes for the last 24 hours. Share it yourself, or create the next one tomorrow to have it announced.`
            : "Everyone who opted in is being emailed the code and its terms."}
        </Alert>
      ) : null}

      {status === "deactivated" && code.deactivatedAt ? (
        <Alert tone="danger" className="mt-6" title={`Deactivated ${formatRelative(code.deactivatedAt, { now })}.`}>
          Shoppers can no longer apply {code.code}.{" "}
          {holds.length > 0
            ? `${holds.length} ${holds.length === 1 ? "shopper still holds" : "shoppers still hold"} it at checkout and can finish their order until the hold runs out.`
            : "Nobody is holding it at checkout."}
        </Alert>
      ) : status === "exhausted" ? (
        <Alert tone="warning" className="mt-6" title={`All ${code.maxRedemptions?.toLocaleString("en")} uses are taken.`}>
          Shoppers are told it has run out. If a held use is released or a use is reversed, it becomes available again.
        </Alert>
      ) : null}

      <dl className="mt-8 grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <Stat label="Redemptions" value={totals.redemptions.toLocaleString("en")} note="Confirmed orders · each shopper once" />
        <Stat
          label="Uses left"
          value={remaining === null ? "No limit" : remaining.toLocaleString("en")}
          note={code.maxRedemptions === null ? `${used.toLocaleString("en")} used or held` : `${capWords(code.maxRedemptions, remaining)} · ${counts.reserved} held`}
        />
        <Stat
          label="Discount given"
          value={moneyPerCurrency(totals.byCurrency, (c) => c.discountGiven)}
          note={totals.byCurrency.length ? `Off ${moneyPerCurrency(totals.byCurrency, (c) => c.eligibleSubtotal)} of ${brandItems}` : "—"}
        />
        <Stat
          label={`Paid for ${brandItems}`}
          value={moneyPerCurrency(totals.byCurrency, (c) => c.paid)}
          note="After the discount; other brands' items in the same orders left out"
        />
        <Stat
          label={windowStatus === "scheduled" ? "Starts" : windowStatus === "active" ? "Ends" : "Ended"}
          value={formatRelative(windowStatus === "scheduled" ? code.validFrom : code.validUntil, { now })}
          note={formatDate(windowStatus === "scheduled" ? code.validFrom : code.validUntil, { timeZone: "UTC" })}
        />
      </dl>

      <Card className="mt-6" aria-labelledby="chart-title">
        <CardHeader id="chart-title" title="Redemptions over time" description={window ? "Per day (UTC)" : undefined} />
        <div className="px-3 pt-4 pb-3 sm:px-5">
          {window ? (
            <RedemptionsChart points={points} />
          ) : (
            <EmptyState icon={<ChartIcon className="size-6" />} title="Not started yet" compact>
              {code.code} starts {formatRelative(code.validFrom, { now })}. Redemptions will show up here day by day.
            </EmptyState>
          )}
        </div>
      </Card>

      <Card className="mt-6 overflow-hidden" aria-labelledby="holds-title">
        <CardHeader
          id="holds-title"
          title="Held at checkout"
          description="Shoppers who applied the code and have not placed their order yet. A hold counts against the cap until it is confirmed or runs out."
        />
        {holds.length === 0 ? (
          <EmptyState title="No current holds" compact>
            When a shopper applies {code.code} at checkout, the use is held for them for 15 minutes and shows up here.
          </EmptyState>
        ) : (
          <Table label="Table of current holds">
            <THead>
              <tr>
                <TH>Shopper</TH>
                <TH>Held</TH>
                <TH>Runs out</TH>
                <TH className="text-right">Discount</TH>
              </tr>
            </THead>
            <TBody>
              {holds.map((u) => (
                <TR key={u.id}>
                  <ShopperCell u={u} />
                  <TD className="whitespace-nowrap text-fg-muted">
                    <time dateTime={u.usedAt.toISOString()}>{formatRelative(u.usedAt, { now })}</time>
                  </TD>
                  <TD className="whitespace-nowrap text-fg">
                    {u.expiresAt ? (
                      <time dateTime={u.expiresAt.toISOString()} title={u.expiresAt.toISOString()}>
                        {formatDate(u.expiresAt, { time: true, timeZone: "UTC" })} UTC · {formatRelative(u.expiresAt, { now })}
                      </time>
                    ) : (
                      "—"
                    )}
                  </TD>
                  <TD className="text-right tabular">{money(u.discountAmount, u.currency)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card className="mt-6 overflow-hidden" aria-labelledby="recent-title">
        <CardHeader
          id="recent-title"
          title="Recent redemptions"
          description={`${totals.redemptions > recent.length ? `The latest ${recent.length} of ${totals.redemptions.toLocaleString("en")}. ` : ""}Amounts are ${brandItems} in each order; the CSV also has whole orders.`}
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
            When a shopper places an order with {code.code} it appears here, and you get an email.
          </EmptyState>
        ) : (
          <Table label="Table of recent redemptions">
            <THead>
              <tr>
                <TH>Shopper</TH>
                <TH>When</TH>
                <TH className="text-right">{brandItems}</TH>
                <TH className="text-right">Discount</TH>
                <TH className="text-right">Paid for them</TH>
              </tr>
            </THead>
            <TBody>
              {recent.map((u) => (
                <TR key={u.id}>
                  <ShopperCell u={u} />
                  <TD className="whitespace-nowrap text-fg-muted">
                    <time dateTime={u.usedAt.toISOString()} title={u.usedAt.toISOString()}>
                      {formatRelative(u.usedAt, { now })}
                    </time>
                  </TD>
                  <TD className="text-right text-fg-muted tabular">{money(u.eligibleSubtotal, u.currency)}</TD>
                  <TD className="text-right tabular">
                    {u.discountAmount !== null && u.currency ? (
                      <Badge tone="success">−{formatMoney(u.discountAmount, { currency: u.currency })}</Badge>
                    ) : (
                      <span className="text-fg-subtle">—</span>
                    )}
                  </TD>
                  <TD className="text-right font-medium text-fg tabular">{money(u.paid, u.currency)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      {counts.reversed > 0 ? (
        <Card className="mt-6 overflow-hidden" aria-labelledby="reversals-title">
          <CardHeader
            id="reversals-title"
            title="Reversals"
            description={`Uses given back for a cancelled or refunded order: ${counts.reversed.toLocaleString("en")} in all. Each gave its use back to the cap, and the shopper may use the code again.`}
          />
          <Table label="Table of reversals">
            <THead>
              <tr>
                <TH>Shopper</TH>
                <TH>Reversed</TH>
                <TH>Reason</TH>
                <TH className="text-right">Discount</TH>
              </tr>
            </THead>
            <TBody>
              {reversals.map((u) => (
                <TR key={u.id}>
                  <ShopperCell u={u} />
                  <TD className="whitespace-nowrap text-fg-muted">{u.endedAt ? <time dateTime={u.endedAt.toISOString()}>{formatRelative(u.endedAt, { now })}</time> : "—"}</TD>
                  <TD className="text-fg-muted">{u.reversalReason ?? "—"}</TD>
                  <TD className="text-right tabular text-fg-muted line-through">
                    {money(u.discountAmount, u.currency)}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      ) : null}
    </main>
  );
}

function ShopperCell({ u }: { u: Pick<UsageRow, "shopperName" | "shopperEmail"> }) {
  return (
    <TD>
      <p className="font-medium text-fg">{u.shopperName}</p>
      <p className="text-xs text-fg-subtle">{u.shopperEmail}</p>
    </TD>
  );
}
