// /notifications/unsubscribe?token=… — where the unsubscribe link of an announcement lands in a
// browser: it names the address and asks for the click (a GET alone never unsubscribes, since
// mail scanners follow links). Mail clients use the RFC 8058 one-click POST to the API instead.
// Both kinds of link land here: the global one (all new-code emails) and the per-brand one (that
// brand's only); the token says which.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { Alert, Button, ButtonLink, Card, CardBody } from "@/components/ui";
import { getDeps } from "@/lib/deps";
import { isDomainError } from "@/lib/errors";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";
import { unsubscribe, unsubscribeTarget, type UnsubscribeTarget } from "@/lib/notifications";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

async function confirmUnsubscribe(form: FormData) {
  "use server";
  const token = String(form.get("token") ?? "");
  const { db } = await getDeps();
  try {
    await unsubscribe(db, { token, secret: appUnsubscribeSecret() });
  } catch (e) {
    if (!isDomainError(e)) throw e;
  }
  redirect(`/notifications/unsubscribe?${new URLSearchParams({ token, done: "1" })}`);
}

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto w-full max-w-lg px-4 py-12 sm:py-16">
      <h1 className="text-2xl font-semibold tracking-tight text-fg">Emails about new codes</h1>
      <div className="mt-6">{children}</div>
    </main>
  );
}

function Unsubscribed({ children }: { children: React.ReactNode }) {
  return (
    <Frame>
      <Alert tone="success" title="You are unsubscribed" role="status">
        {children}
      </Alert>
      <p className="mt-6">
        <ButtonLink href="/shop" variant="secondary">
          Back to the shop
        </ButtonLink>
      </p>
    </Frame>
  );
}

function ConfirmUnsubscribe({ token, button, children }: { token: string; button: string; children: React.ReactNode }) {
  return (
    <Frame>
      <Card>
        <CardBody>
          <p className="text-sm text-fg">{children}</p>
          <form action={confirmUnsubscribe} className="mt-5 flex flex-wrap gap-3">
            <input type="hidden" name="token" value={token} />
            <Button type="submit">{button}</Button>
            <ButtonLink href="/shop" variant="ghost">
              Keep them coming
            </ButtonLink>
          </form>
        </CardBody>
      </Card>
    </Frame>
  );
}

export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  if (!token) {
    return (
      <Frame>
        <Alert tone="warning" title="This link is incomplete">
          Open the unsubscribe link from the email again, or copy all of it into the address bar.
        </Alert>
      </Frame>
    );
  }
  let target: UnsubscribeTarget | null;
  try {
    const { db } = await getDeps();
    target = await unsubscribeTarget(db, { token, secret: appUnsubscribeSecret() });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return (
      <Frame>
        <Alert tone="danger" title="This unsubscribe link is not valid">
          Use the unsubscribe link from your latest email from us, copied whole.
        </Alert>
      </Frame>
    );
  }
  if (!target) {
    return (
      <Frame>
        <Alert tone="info" title="Nothing to unsubscribe">
          This account no longer exists, so it gets no email from us.
        </Alert>
      </Frame>
    );
  }
  const brandName = target.brand ? (target.brand.name ?? "this brand") : null;
  const done = params.done === "1" || (brandName ? target.brand!.optedOut : !target.notifyNewCodes);
  if (done) {
    return (
      <Unsubscribed>
        {brandName
          ? `${target.email} will no longer get emails about new codes from ${brandName}. Other brands' codes still come, and every email has a link to stop them all.`
          : `${target.email} will no longer get emails about new discount codes. Notices about your own orders are not affected.`}
      </Unsubscribed>
    );
  }
  return (
    <ConfirmUnsubscribe token={token} button={brandName ? `Unsubscribe from ${brandName}` : "Unsubscribe"}>
      Stop sending emails about new {brandName ? "codes from " : "discount codes"}
      {brandName ? <strong className="font-semibold">{brandName}</strong> : null} to{" "}
      <strong className="font-semibold">{target.email}</strong>?
    </ConfirmUnsubscribe>
  );
}
