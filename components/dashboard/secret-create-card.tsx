"use client";

// The card that creates a credential (an API token, a webhook endpoint): its form, the refusal
// below it, and the new secret shown once with a copy button (it is never shown again).
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

export interface NewSecret {
  /** What to copy now, e.g. "Copy “Storefront” now — …". */
  notice: string;
  value: string;
  testId: string;
  copyLabel: string;
  /** How to use it (below the secret). */
  usage: ReactNode;
}

export function SecretCreateCard({
  titleId,
  title,
  description,
  error,
  secret,
  children,
}: {
  titleId: string;
  title: string;
  description: string;
  error?: string;
  /** The secret just created (nothing while there is none). */
  secret: NewSecret | null;
  /** The form. */
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={titleId}>
      <CardHeader id={titleId} title={title} description={description} />
      {children}
      {error ? (
        <div className="px-5 pb-5">
          <Alert tone="danger" role="alert" title={error} />
        </div>
      ) : null}
      {secret ? <OneTimeSecret {...secret} /> : null}
    </Card>
  );
}

function OneTimeSecret({ notice, value, testId, copyLabel, usage }: NewSecret) {
  return (
    <div className="px-5 pb-5" role="status">
      <div className="rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-500/40 dark:bg-amber-500/10">
        <p className="text-sm font-medium text-amber-950 dark:text-amber-100">{notice}</p>
        <div className="mt-3 flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface px-3 py-2 font-mono text-sm text-fg" data-testid={testId}>
            {value}
          </code>
          <CopyButton value={value} label={copyLabel} variant="secondary" size="md" showLabel />
        </div>
        <p className="mt-2 text-xs text-amber-900/80 dark:text-amber-100/70">{usage}</p>
      </div>
    </div>
  );
}
