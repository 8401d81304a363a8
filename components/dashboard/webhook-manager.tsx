"use client";

// The webhooks page's interactive parts: add an endpoint (its signing secret is shown once, with
// a copy button), and delete one after a confirmation.
import { useActionState, useState, useTransition } from "react";
import { BoltIcon } from "@/components/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatDate } from "@/lib/cart/format";
import type { CreateWebhookState } from "./webhook-state";

export interface WebhookEventOption {
  type: string;
  label: string;
}

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export function CreateWebhookCard({
  action,
  eventOptions,
  localhostAllowed,
}: {
  action: (s: CreateWebhookState, f: FormData) => Promise<CreateWebhookState>;
  eventOptions: WebhookEventOption[];
  localhostAllowed: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const eventsError = state.fieldErrors?.events;
  const chosen = new Set(state.values?.events ?? []);
  return (
    <Card aria-labelledby="new-webhook">
      <CardHeader id="new-webhook" title="Add an endpoint" description="We POST signed JSON to it whenever one of the chosen events happens." />
      {/* key: a refused submit re-renders the form with what was sent. */}
      <form key={JSON.stringify(state.values ?? null)} action={formAction} noValidate className="flex flex-col gap-4 px-5 py-5">
        <Field
          id="webhook-url"
          label="Endpoint URL"
          hint={localhostAllowed ? "https to a public address — or http://127.0.0.1 / http://localhost here." : "https to a public address."}
          error={state.fieldErrors?.url}
        >
          {(p) => (
            <Input {...p} name="url" type="url" inputMode="url" defaultValue={state.values?.url ?? ""} maxLength={2048} placeholder="https://shop.example.com/hooks/discounts" autoComplete="off" />
          )}
        </Field>
        <fieldset aria-describedby={eventsError ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium text-fg">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {eventOptions.map((o) => (
              <label key={o.type} className="flex items-start gap-2 text-sm text-fg">
                <input type="checkbox" name="events" value={o.type} defaultChecked={chosen.has(o.type)} className="mt-0.5 size-4 accent-accent" />
                <span>
                  <code className="font-mono text-xs">{o.type}</code>
                  <span className="block text-fg-muted">{o.label}</span>
                </span>
              </label>
            ))}
          </div>
          {eventsError ? (
            <p id="webhook-events-error" className="mt-2 text-sm text-red-600 dark:text-red-400">
              {eventsError}
            </p>
          ) : null}
        </fieldset>
        <div>
          <Button type="submit" pending={pending}>
            Add endpoint
          </Button>
        </div>
      </form>
      {state.error ? (
        <div className="px-5 pb-5">
          <Alert tone="danger" role="alert" title={state.error} />
        </div>
      ) : null}
      {state.created ? (
        <div className="px-5 pb-5" role="status">
          <div className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-500/40 dark:bg-amber-500/10">
            <p className="text-sm font-medium text-amber-950 dark:text-amber-100">
              Copy the signing secret of {state.created.url} now — for your security it won’t be shown again.
            </p>
            <div className="mt-3 flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm text-fg" data-testid="new-webhook-secret">
                {state.created.secret}
              </code>
              <CopyButton value={state.created.secret} label="Copy signing secret" variant="secondary" size="md" showLabel />
            </div>
            <p className="mt-2 text-xs text-amber-900/80 dark:text-amber-100/70">
              Verify each request’s <code className="font-mono">webhook-signature</code> with it, as the Standard Webhooks libraries do.
            </p>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

export function WebhookList({ endpoints, remove }: { endpoints: WebhookRow[]; remove: (id: string) => Promise<{ ok: boolean }> }) {
  const [confirming, setConfirming] = useState<WebhookRow | null>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  return (
    <Card className="overflow-hidden" aria-labelledby="webhooks-title">
      <CardHeader id="webhooks-title" title="Your endpoints" />
      {endpoints.length === 0 ? (
        <EmptyState icon={<BoltIcon className="size-6" />} title="No endpoints yet" compact>
          Add one above to hear about new codes, confirmed and reversed uses, used-up codes and finished batches.
        </EmptyState>
      ) : (
        <Table label="Webhook endpoints">
          <THead>
            <tr>
              <TH>URL</TH>
              <TH>Events</TH>
              <TH>Added</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {endpoints.map((e) => (
              <TR key={e.id}>
                <TD className="max-w-xs truncate font-mono text-xs text-fg">{e.url}</TD>
                <TD>
                  <ul className="flex flex-wrap gap-1" aria-label="Events">
                    {e.events.map((t) => (
                      <li key={t}>
                        <Badge tone="neutral">{t}</Badge>
                      </li>
                    ))}
                  </ul>
                </TD>
                <TD className="whitespace-nowrap text-fg-muted">{formatDate(e.createdAt)}</TD>
                <TD className="text-right">
                  <Button size="sm" variant="danger-ghost" onClick={() => setConfirming(e)}>
                    Delete<span className="sr-only"> endpoint {e.url}</span>
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Dialog
        open={!!confirming}
        onClose={() => setConfirming(null)}
        title="Delete this endpoint?"
        description={`Nothing more is sent to ${confirming?.url ?? "it"}, retries included. This cannot be undone.`}
      >
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(null)}>
            Keep endpoint
          </Button>
          <Button
            variant="danger"
            pending={pending}
            onClick={() => {
              const e = confirming;
              if (!e) return;
              startTransition(async () => {
                const { ok } = await remove(e.id);
                setConfirming(null);
                toast(ok ? { tone: "success", title: "Endpoint deleted" } : { tone: "error", title: "That endpoint was already deleted" });
              });
            }}
          >
            Delete endpoint
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
