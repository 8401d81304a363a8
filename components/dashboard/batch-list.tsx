"use client";

// The brand's batches with live progress: every running batch is polled once a second through
// GET /api/v1/discountcode/batch/{id} (the browser's session) until it is done or failed; a done
// batch offers its CSV (GET …/codes.csv), and any batch a search of its codes in the codes list.
import { useEffect, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/cart/format";
import type { BatchView } from "@/lib/discounts/batch-schemas";

const POLL_MS = 1000;
const tone: Record<BatchView["status"], BadgeTone> = { running: "info", done: "success", failed: "danger" };
const label: Record<BatchView["status"], string> = { running: "Generating", done: "Done", failed: "Failed" };

function terms(b: BatchView): string {
  const r = b.rule;
  const off = r.type === "percentage" ? `${r.percent}% off` : `${((r.amountOff?.amount ?? 0) / 100).toFixed(2)} ${r.amountOff?.currency ?? ""} off`;
  const uses = b.maxRedemptions === null ? "unlimited uses" : b.maxRedemptions === 1 ? "single-use" : `${b.maxRedemptions} uses each`;
  return `${off}, ${uses}`;
}

export function BatchProgress({ batch }: { batch: BatchView }) {
  const pct = batch.total ? Math.floor((batch.created / batch.total) * 100) : 0;
  return (
    <div className="flex min-w-40 items-center gap-2">
      <div
        role="progressbar"
        aria-label={`Codes generated for ${batch.prefix}`}
        aria-valuemin={0}
        aria-valuemax={batch.total}
        aria-valuenow={batch.created}
        aria-valuetext={`${batch.created.toLocaleString("en-GB")} of ${batch.total.toLocaleString("en-GB")} codes`}
        className="h-2 flex-1 overflow-hidden rounded-full bg-surface-sunken ring-1 ring-line ring-inset"
      >
        <div className={batch.status === "failed" ? "h-full bg-red-500" : "h-full bg-brand-600 transition-[width]"} style={{ width: `${pct}%` }} />
      </div>
      <span className="w-10 text-right text-xs text-fg-muted tabular">{pct}%</span>
    </div>
  );
}

export function BatchList({ initial }: { initial: BatchView[] }) {
  const [polled, setPolled] = useState<Record<string, BatchView>>({});
  const batches = initial.map((b) => {
    const p = polled[b.id];
    return p && (p.status !== "running" || p.created >= b.created) ? p : b;
  });
  const running = batches.filter((b) => b.status === "running").map((b) => b.id);
  const runningKey = running.join(",");

  useEffect(() => {
    if (!runningKey) return;
    const ids = runningKey.split(",");
    let stopped = false;
    const timer = setInterval(async () => {
      const views = await Promise.all(
        ids.map(async (id) => {
          try {
            const res = await fetch(`/api/v1/discountcode/batch/${encodeURIComponent(id)}/`, { credentials: "same-origin", cache: "no-store" });
            return res.ok ? ((await res.json()) as BatchView) : null;
          } catch {
            return null; // offline for a moment: the next tick tries again
          }
        }),
      );
      if (stopped) return;
      setPolled((prev) => {
        const next = { ...prev };
        for (const v of views) if (v) next[v.id] = v;
        return next;
      });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runningKey]);

  return (
    <section aria-labelledby="batches-heading" className="mt-10">
      <h2 id="batches-heading" className="text-lg font-semibold text-fg">
        Your batches
      </h2>
      <Card className="mt-4 overflow-hidden">
        {batches.length === 0 ? (
          <EmptyState compact title="No batches yet">
            Generate your first batch above; its codes can be downloaded as CSV when it is done.
          </EmptyState>
        ) : (
          <Table label="Batches of codes">
            <THead>
              <TR>
                <TH>Prefix</TH>
                <TH>Terms</TH>
                <TH>Valid until</TH>
                <TH>Status</TH>
                <TH>Progress</TH>
                <TH>
                  <span className="sr-only">Download</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {batches.map((b) => (
                <TR key={b.id} data-batch-id={b.id}>
                  <TD className="font-mono font-semibold">{b.prefix}-…</TD>
                  <TD className="text-fg-muted">{terms(b)}</TD>
                  <TD className="whitespace-nowrap text-fg-muted">{formatDate(b.validUntil)}</TD>
                  <TD>
                    <Badge tone={tone[b.status]} dot>
                      {label[b.status]}
                    </Badge>
                    {b.status === "failed" && b.error ? <p className="mt-1 text-xs text-red-700 dark:text-red-300">Stopped; it is retried automatically.</p> : null}
                  </TD>
                  <TD>
                    <BatchProgress batch={b} />
                    <p className="mt-1 text-xs text-fg-muted tabular">
                      {b.created.toLocaleString("en-GB")} / {b.total.toLocaleString("en-GB")}
                    </p>
                  </TD>
                  <TD className="space-x-4 text-right whitespace-nowrap">
                    {b.created > 0 ? (
                      <a
                        href={`/dashboard?q=${encodeURIComponent(`${b.prefix}-`)}`}
                        aria-label={`Find a code of the ${b.prefix} batch`}
                        className="rounded text-sm font-medium text-accent-ink underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                      >
                        Find a code
                      </a>
                    ) : null}
                    {b.status === "done" ? (
                      <a
                        href={`/api/v1/discountcode/batch/${b.id}/codes.csv`}
                        download
                        className="rounded text-sm font-medium whitespace-nowrap text-accent-ink underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
                      >
                        Download CSV<span className="sr-only"> of the {b.prefix} codes</span>
                      </a>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </section>
  );
}
