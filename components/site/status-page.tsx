// The page shown when there is no page to show: not found (app/not-found.tsx) or an error
// (app/error.tsx, app/global-error.tsx). Our header and footer stay around it (the root layout);
// the main landmark holds a status line, the heading, what happened and the ways on.
import type { ReactNode } from "react";

export function StatusPage({ status, title, children, actions }: { status: string; title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <main id="main" className="mx-auto flex w-full max-w-6xl flex-1 flex-col justify-center px-4 py-16 sm:px-6 sm:py-24">
      <div className="max-w-xl">
        <p className="font-mono text-sm font-semibold tracking-wide text-accent-ink uppercase">{status}</p>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight text-balance text-fg sm:text-4xl">{title}</h1>
        <div className="mt-4 text-base text-pretty text-fg-muted">{children}</div>
        <div className="mt-8 flex flex-wrap gap-3">{actions}</div>
      </div>
    </main>
  );
}
