// A brand's codes: a table on wide screens, a list of cards on phones. Server component; only the
// status badge (live) and the copy button run in the browser.
import Link from "next/link";
import { ArrowRightIcon } from "@/components/icons";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate, formatRelative } from "@/lib/cart/format";
import { ruleOffWords } from "@/lib/cart/rule-words";
import type { ListedCode } from "@/lib/discounts/schemas";
import { LiveStatusBadge } from "./live-status-badge";

function validityNote(c: ListedCode, now: Date): string {
  if (c.status === "scheduled") return `Starts ${formatRelative(c.validFrom, { now })}`;
  if (c.status === "active") return `Ends ${formatRelative(c.validUntil, { now })}`;
  if (c.status === "deactivated" && c.deactivatedAt) return `Deactivated ${formatRelative(c.deactivatedAt, { now })}`;
  if (c.status === "exhausted") return `All ${c.maxRedemptions?.toLocaleString("en") ?? ""} uses taken`;
  return `Ended ${formatRelative(c.validUntil, { now })}`;
}

function range(c: ListedCode): string {
  return `${formatDate(c.validFrom, { timeZone: "UTC" })} – ${formatDate(c.validUntil, { timeZone: "UTC" })}`;
}

export function CodesTable({ codes, now }: { codes: ListedCode[]; now: Date }) {
  return (
    <>
      <div className="hidden md:block">
        <Table label="Discount codes">
          <THead>
            <tr>
              <TH>Code</TH>
              <TH>Status</TH>
              <TH>Discount</TH>
              <TH>Validity (UTC)</TH>
              <TH className="text-right">Redemptions</TH>
              <TH>
                <span className="sr-only">Details</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {codes.map((c) => (
              <TR key={c.id} className="hover:bg-surface-muted">
                <TD>
                  <div className="flex items-center gap-1">
                    <Link
                      href={`/dashboard/codes/${c.id}`}
                      className="rounded font-mono text-sm font-semibold tracking-wide text-fg hover:text-accent-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                    >
                      {c.code}
                    </Link>
                    <CopyButton value={c.code} label={`Copy code ${c.code}`} />
                  </div>
                </TD>
                <TD>
                  <LiveStatusBadge validFrom={c.validFrom} validUntil={c.validUntil} initial={c.status} />
                </TD>
                <TD className="font-medium text-fg tabular">
                  {ruleOffWords(c.rule)}
                  {c.rule.minSubtotal || c.rule.eligibility ? <span className="block text-xs font-normal text-fg-subtle">with conditions</span> : null}
                </TD>
                <TD>
                  <p className="text-fg tabular">{range(c)}</p>
                  <p className="text-xs text-fg-subtle">{validityNote(c, now)}</p>
                </TD>
                <TD className="text-right font-medium text-fg tabular">
                  {c.redemptions.toLocaleString("en")}
                  {c.maxRedemptions !== null ? <span className="font-normal text-fg-subtle"> / {c.maxRedemptions.toLocaleString("en")}</span> : null}
                </TD>
                <TD className="w-10 text-right">
                  <Link
                    href={`/dashboard/codes/${c.id}`}
                    className="inline-flex size-8 items-center justify-center rounded-md text-fg-subtle hover:bg-surface-sunken hover:text-fg focus-visible:outline-2 focus-visible:outline-focus"
                    aria-label={`Details of ${c.code}`}
                  >
                    <ArrowRightIcon className="size-4" />
                  </Link>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="divide-y divide-line md:hidden" aria-label="Discount codes">
        {codes.map((c) => (
          <li key={c.id} className="px-4 py-3.5">
            <div className="flex items-center justify-between gap-3">
              <div className="flex min-w-0 items-center gap-1">
                <Link href={`/dashboard/codes/${c.id}`} className="truncate font-mono text-sm font-semibold tracking-wide text-fg">
                  {c.code}
                </Link>
                <CopyButton value={c.code} label={`Copy code ${c.code}`} />
              </div>
              <LiveStatusBadge validFrom={c.validFrom} validUntil={c.validUntil} initial={c.status} />
            </div>
            <div className="mt-1.5 flex items-end justify-between gap-3 text-sm">
              <div className="min-w-0 text-fg-muted">
                <p>
                  <span className="font-medium text-fg">{ruleOffWords(c.rule)}</span> · {validityNote(c, now)}
                </p>
                <p className="text-xs text-fg-subtle tabular">{range(c)}</p>
              </div>
              <p className="shrink-0 text-right text-fg-muted tabular">
                <span className="font-semibold text-fg">{c.redemptions.toLocaleString("en")}</span>
                {c.maxRedemptions !== null ? ` / ${c.maxRedemptions.toLocaleString("en")}` : ""} used
              </p>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
