// /verify-email?token=… — where a verification email's link lands. Opening it changes nothing (mail
// scanners prefetch links): the page asks for one click, which posts the token (confirmEmailAction,
// the same verifyEmail as POST /api/v1/auth/verify-email).
import type { Metadata } from "next";
import { connection } from "next/server";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { getViewer } from "@/components/session";
import { Alert, Button, ButtonLink, Card, CardBody } from "@/components/ui";
import { confirmEmailAction, resendVerificationAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your email", robots: { index: false } };

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto w-full max-w-lg px-4 py-12 sm:py-16">
      <h1 className="text-2xl font-semibold tracking-tight text-fg">Confirm your email</h1>
      <div className="mt-6">{children}</div>
    </main>
  );
}

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : "");

  if (one("verified")) {
    const brand = one("verified") === "brand";
    return (
      <Frame>
        <Alert tone="success" title="Your email address is confirmed" role="status">
          {brand ? "You can create discount codes for your brand now." : "New discount codes from brands will reach your inbox."}
        </Alert>
        <p className="mt-6">
          <ButtonLink href={brand ? "/dashboard" : "/shop"} variant="secondary">
            {brand ? "Go to the dashboard" : "Back to the shop"}
          </ButtonLink>
        </p>
      </Frame>
    );
  }

  const token = one("token");
  if (one("invalid") || !token) {
    const viewer = await getViewer();
    return (
      <Frame>
        <Alert tone="danger" title={token || one("invalid") ? "This link does not work" : "This link is incomplete"} role="alert">
          {one("reason") || "Open the link from the email again, or copy all of it into the address bar."}
        </Alert>
        {viewer ? (
          <VerifyEmailNotice className="mt-6" email={viewer.email} title="Need a new link?" resend={resendVerificationAction}>
            We will email a new link to {viewer.email}.
          </VerifyEmailNotice>
        ) : (
          <p className="mt-6 text-sm text-fg-muted">Sign in to get a new link.</p>
        )}
      </Frame>
    );
  }

  return (
    <Frame>
      <Card>
        <CardBody>
          <p className="text-sm text-fg">Confirm that this email address is yours.</p>
          <form action={confirmEmailAction} className="mt-5 flex flex-wrap gap-3">
            <input type="hidden" name="token" value={token} />
            <Button type="submit">Confirm my email</Button>
          </form>
        </CardBody>
      </Card>
    </Frame>
  );
}
