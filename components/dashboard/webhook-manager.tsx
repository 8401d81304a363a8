"use client";

// The webhooks page's interactive parts: add an endpoint (its signing secret is shown once, with
// a copy button), and delete one after a confirmation.
import { useActionState } from "react";
import { BoltIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { TD } from "@/components/ui/table";
import { formatDate } from "@/lib/cart/format";
import { ConfirmedActionList } from "./confirmed-action";
import { SecretCreateCard } from "./secret-create-card";
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
    <SecretCreateCard
      titleId="new-webhook"
      title="Add an endpoint"
      description="We POST signed JSON to it whenever one of the chosen events happens."
      error={state.error}
      secret={
        state.created
          ? {
              notice: `Copy the signing secret of ${state.created.url} now — for your security it won’t be shown again.`,
              value: state.created.secret,
              testId: "new-webhook-secret",
              copyLabel: "Copy signing secret",
              usage: (
                <>
                  Verify each request’s <code className="font-mono">webhook-signature</code> with it, as the Standard Webhooks libraries do.
                </>
              ),
            }
          : null
      }
    >
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
    </SecretCreateCard>
  );
}

export function WebhookList({ endpoints, remove }: { endpoints: WebhookRow[]; remove: (id: string) => Promise<{ ok: boolean }> }) {
  return (
    <ConfirmedActionList
      titleId="webhooks-title"
      title="Your endpoints"
      empty={
        <EmptyState icon={<BoltIcon className="size-6" />} title="No endpoints yet" compact>
          Add one above to hear about new codes, confirmed and reversed uses, used-up codes and finished batches.
        </EmptyState>
      }
      tableLabel="Webhook endpoints"
      columns={["URL", "Events", "Added"]}
      rows={endpoints}
      cells={(e) => (
        <>
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
        </>
      )}
      actionLabel={(e) => (
        <>
          Delete<span className="sr-only"> endpoint {e.url}</span>
        </>
      )}
      run={async (e) => {
        const { ok } = await remove(e.id);
        return ok ? { tone: "success", title: "Endpoint deleted" } : { tone: "error", title: "That endpoint was already deleted" };
      }}
      dialog={(e) => ({
        title: "Delete this endpoint?",
        description: `Nothing more is sent to ${e?.url ?? "it"}, retries included. This cannot be undone.`,
        keepLabel: "Keep endpoint",
        confirmLabel: "Delete endpoint",
      })}
    />
  );
}
