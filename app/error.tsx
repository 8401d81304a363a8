"use client";

// A server or rendering error below the root layout: our header and footer stay, the page says
// what happened, offers "Try again" (re-renders the segment), and shows the error's digest — the
// id the server logged it under — so a report can be matched to the log.
import { StatusPage } from "@/components/site/status-page";
import { Button, ButtonLink } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      status="Error"
      title="Something went wrong"
      actions={
        <>
          <Button onClick={() => reset()}>Try again</Button>
          <ButtonLink href="/" variant="secondary">
            Back to the home page
          </ButtonLink>
        </>
      }
    >
      <p>This page could not be shown just now. Trying again often helps; if it keeps happening, tell us the reference below.</p>
      {error.digest ? (
        <p className="mt-3 text-sm">
          Reference: <code className="rounded bg-surface-sunken px-1.5 py-0.5 font-mono text-fg">{error.digest}</code>
        </p>
      ) : null}
    </StatusPage>
  );
}
