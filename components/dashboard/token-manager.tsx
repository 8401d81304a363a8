"use client";

// The API tokens page's interactive parts: create a token (its secret is shown once, with a copy
// button), and revoke one after a confirmation.
import { useActionState, useState, useTransition } from "react";
import { KeyIcon } from "@/components/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { formatDate } from "@/lib/cart/format";
import type { CreateTokenState } from "./token-state";

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  state: "active" | "expired" | "revoked";
}

const stateBadge = {
  active: <Badge tone="success" dot>Active</Badge>,
  expired: <Badge tone="neutral" dot>Expired</Badge>,
  revoked: <Badge tone="danger" dot>Revoked</Badge>,
};

export function CreateTokenCard({ action }: { action: (s: CreateTokenState, f: FormData) => Promise<CreateTokenState> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [name, setName] = useState("");
  return (
    <Card aria-labelledby="new-token">
      <CardHeader id="new-token" title="Create a token" description="For servers and storefronts that call the API for you." />
      <form action={formAction} noValidate className="flex flex-col gap-4 px-5 py-5 sm:flex-row sm:items-start">
        <Field id="token-name" label="Name" hint="Where it is used, e.g. “Storefront”." error={state.fieldError} className="flex-1">
          {(p) => <Input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="Storefront" autoComplete="off" />}
        </Field>
        <Field id="token-days" label="Expires after" className="sm:w-44">
          {(p) => (
            <Select {...p} name="days" defaultValue="30">
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="90">90 days</option>
              <option value="365">1 year</option>
            </Select>
          )}
        </Field>
        <div className="sm:pt-6.5">
          <Button type="submit" pending={pending} className="w-full sm:w-auto">
            Create token
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
              Copy “{state.created.name}” now — for your security it won’t be shown again.
            </p>
            <div className="mt-3 flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm text-fg" data-testid="new-token">
                {state.created.token}
              </code>
              <CopyButton value={state.created.token} label="Copy token" variant="secondary" size="md" showLabel />
            </div>
            <p className="mt-2 text-xs text-amber-900/80 dark:text-amber-100/70">
              Send it as <code className="font-mono">Authorization: Bearer …</code>. Expires {formatDate(state.created.expiresAt)}.
            </p>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

export function TokenList({ tokens, revoke }: { tokens: TokenRow[]; revoke: (id: string) => Promise<{ ok: boolean }> }) {
  const [confirming, setConfirming] = useState<TokenRow | null>(null);
  const [pending, startTransition] = useTransition();
  const toast = useToast();
  return (
    <Card className="overflow-hidden" aria-labelledby="tokens-title">
      <CardHeader id="tokens-title" title="Your tokens" description="Only a token’s first characters are stored in readable form." />
      {tokens.length === 0 ? (
        <EmptyState icon={<KeyIcon className="size-6" />} title="No tokens yet" compact>
          Create one above to call the API from your own systems — for example to create codes from your shop backend.
        </EmptyState>
      ) : (
        <Table label="API tokens">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Token</TH>
              <TH>Status</TH>
              <TH>Created</TH>
              <TH>Expires</TH>
              <TH>Last used</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {tokens.map((t) => (
              <TR key={t.id}>
                <TD className="font-medium text-fg">{t.name}</TD>
                <TD className="font-mono text-xs text-fg-muted">{t.prefix}…</TD>
                <TD>{stateBadge[t.state]}</TD>
                <TD className="whitespace-nowrap text-fg-muted">{formatDate(t.createdAt)}</TD>
                <TD className="whitespace-nowrap text-fg-muted">{formatDate(t.expiresAt)}</TD>
                <TD className="whitespace-nowrap text-fg-muted">{t.lastUsedAt ? formatDate(t.lastUsedAt) : "Never"}</TD>
                <TD className="text-right">
                  {t.state === "active" ? (
                    <Button size="sm" variant="danger-ghost" onClick={() => setConfirming(t)}>
                      Revoke<span className="sr-only"> {t.name}</span>
                    </Button>
                  ) : null}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <Dialog
        open={!!confirming}
        onClose={() => setConfirming(null)}
        title={`Revoke “${confirming?.name ?? ""}”?`}
        description="Anything using this token stops working at once. This cannot be undone."
      >
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(null)}>
            Keep token
          </Button>
          <Button
            variant="danger"
            pending={pending}
            onClick={() => {
              const t = confirming;
              if (!t) return;
              startTransition(async () => {
                const { ok } = await revoke(t.id);
                setConfirming(null);
                toast(ok ? { tone: "success", title: `Revoked “${t.name}”` } : { tone: "error", title: "That token was already revoked" });
              });
            }}
          >
            Revoke token
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
