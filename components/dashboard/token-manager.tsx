"use client";

// The API tokens page's interactive parts: create a token (its secret is shown once, with a copy
// button), and revoke one after a confirmation.
import { useActionState, useState } from "react";
import { KeyIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { TD } from "@/components/ui/table";
import { formatDate } from "@/lib/cart/format";
import { ConfirmedActionList } from "./confirmed-action";
import { SecretCreateCard } from "./secret-create-card";
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
    <SecretCreateCard
      titleId="new-token"
      title="Create a token"
      description="For servers and storefronts that call the API for you."
      error={state.error}
      secret={
        state.created
          ? {
              notice: `Copy “${state.created.name}” now — for your security it won’t be shown again.`,
              value: state.created.token,
              testId: "new-token",
              copyLabel: "Copy token",
              usage: (
                <>
                  Send it as <code className="font-mono">Authorization: Bearer …</code>. Expires {formatDate(state.created.expiresAt)}.
                </>
              ),
            }
          : null
      }
    >
      <form action={formAction} noValidate className="flex flex-col gap-4 px-5 py-5 sm:flex-row sm:items-start">
        <Field id="token-name" label="Name" hint="Where it is used, e.g. “Storefront”." error={state.fieldErrors?.name} className="flex-1">
          {(p) => (
            <Input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="Storefront" autoComplete="off" aria-required="true" />
          )}
        </Field>
        <Field id="token-days" label="Expires after" error={state.fieldErrors?.days} className="sm:w-44">
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
    </SecretCreateCard>
  );
}

export function TokenList({ tokens, revoke }: { tokens: TokenRow[]; revoke: (id: string) => Promise<{ ok: boolean }> }) {
  return (
    <ConfirmedActionList
      titleId="tokens-title"
      title="Your tokens"
      description="Only a token’s first characters are stored in readable form."
      empty={
        <EmptyState icon={<KeyIcon className="size-6" />} title="No tokens yet" compact>
          Create one above to call the API from your own systems — for example to create codes from your shop backend.
        </EmptyState>
      }
      tableLabel="API tokens"
      columns={["Name", "Token", "Status", "Created", "Expires", "Last used"]}
      rows={tokens}
      cells={(t) => (
        <>
          <TD className="font-medium text-fg">{t.name}</TD>
          <TD className="font-mono text-xs text-fg-muted">{t.prefix}…</TD>
          <TD>{stateBadge[t.state]}</TD>
          {/* With the time: sign-ins from one client share a name, and the reader's zone may differ from the server's. */}
          <TD className="whitespace-nowrap text-fg-muted" suppressHydrationWarning>
            {formatDate(t.createdAt, { time: true })}
          </TD>
          <TD className="whitespace-nowrap text-fg-muted">{formatDate(t.expiresAt)}</TD>
          <TD className="whitespace-nowrap text-fg-muted" suppressHydrationWarning>
            {t.lastUsedAt ? formatDate(t.lastUsedAt, { time: true }) : "Never"}
          </TD>
        </>
      )}
      actionLabel={(t) =>
        t.state === "active" ? (
          <>
            Revoke<span className="sr-only"> {t.name}</span>
          </>
        ) : null
      }
      run={async (t) => {
        const { ok } = await revoke(t.id);
        return ok ? { tone: "success", title: `Revoked “${t.name}”` } : { tone: "error", title: "That token was already revoked" };
      }}
      dialog={(t) => ({
        title: `Revoke “${t?.name ?? ""}”?`,
        description: "Anything using this token stops working at once. This cannot be undone.",
        keepLabel: "Keep token",
        confirmLabel: "Revoke token",
      })}
    />
  );
}
