"use client";
// "Confirm your email address" with a button that sends a new link, for signed-in users who are not
// verified yet: the dashboard's banner, the create-code page (brands cannot create codes until
// then), the account page. The answer (sent, or wait a minute) is announced in place.
import { useActionState } from "react";
import { Alert, Button } from "@/components/ui";

export interface ResendState {
  tone?: "success" | "warning" | "danger";
  message?: string;
}

export function VerifyEmailNotice({
  email,
  title = "Confirm your email address",
  children,
  resend,
  className,
}: {
  email: string;
  title?: string;
  children?: React.ReactNode;
  resend: (prev: ResendState) => Promise<ResendState>;
  className?: string;
}) {
  const [state, action, pending] = useActionState(resend, {});
  return (
    <Alert tone="warning" title={title} className={className}>
      <p>
        {children ?? <>We emailed a link to {email}. Open it to confirm the address.</>}
      </p>
      <form action={action} className="mt-3 flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" pending={pending}>
          {pending ? "Sending…" : "Send a new link"}
        </Button>
        <span role="status" aria-live="polite" className="text-sm">
          {state.message ?? ""}
        </span>
      </form>
    </Alert>
  );
}
