// /account — who you are signed in as, and (shoppers) whether new codes are emailed to you.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NotificationSwitch } from "@/components/account/notification-switch";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { BellIcon, MailIcon } from "@/components/icons";
import { getViewer } from "@/components/session";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadAccount } from "@/lib/accounts";
import { getDeps } from "@/lib/deps";
import { getNotificationSettings } from "@/lib/notifications";
import { setAnnouncementsAction } from "./actions";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in?callbackUrl=/account");
  const { db } = await getDeps();
  const [account, settings] = await Promise.all([loadAccount(db, viewer.id), getNotificationSettings(db, viewer.id)]);
  const brand = account?.brands[0];
  return (
    <main id="main" className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6">
      <PageHeader title="Account" description="Your details and the emails we send you." />
      {account && !account.user.emailVerified ? (
        <VerifyEmailNotice email={viewer.email} resend={resendVerificationAction}>
          We emailed a link to {viewer.email}. Until you open it,{" "}
          {viewer.role === "brand" ? "you cannot create discount codes." : "we send you no new codes by email."}
        </VerifyEmailNotice>
      ) : null}
      <Card aria-labelledby="profile">
        <CardHeader id="profile" title="Profile" />
        <dl className="divide-y divide-line text-sm">
          <div className="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:gap-4">
            <dt className="w-32 shrink-0 text-fg-muted">Name</dt>
            <dd className="text-fg">{viewer.name}</dd>
          </div>
          <div className="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:gap-4">
            <dt className="w-32 shrink-0 text-fg-muted">Email</dt>
            <dd className="break-all text-fg">{viewer.email}</dd>
          </div>
          <div className="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:gap-4">
            <dt className="w-32 shrink-0 text-fg-muted">Account</dt>
            <dd className="flex items-center gap-2 text-fg">
              <Badge tone={viewer.role === "brand" ? "accent" : "neutral"}>{viewer.role === "brand" ? "Brand admin" : "Shopper"}</Badge>
              {brand ? <span>{brand.name}</span> : null}
            </dd>
          </div>
        </dl>
      </Card>
      <Card aria-labelledby="notifications">
        <CardHeader id="notifications" title="Email notifications" />
        {viewer.role === "shopper" ? (
          <div className="flex items-start gap-4 px-5 py-5">
            <BellIcon className="mt-0.5 size-5 shrink-0 text-fg-subtle" />
            <div className="min-w-0 flex-1">
              <p id="announce-label" className="text-sm font-medium text-fg">
                New discount codes
              </p>
              <p id="announce-desc" className="mt-0.5 text-sm text-fg-muted">
                When a brand launches a code, we email you the code and its terms. Every email also has a one-click unsubscribe link.
              </p>
            </div>
            <NotificationSwitch enabled={settings.notifyNewCodes} save={setAnnouncementsAction} labelId="announce-label" descriptionId="announce-desc" />
          </div>
        ) : (
          <div className="flex items-start gap-4 px-5 py-5">
            <MailIcon className="mt-0.5 size-5 shrink-0 text-fg-subtle" />
            <div>
              <p className="text-sm font-medium text-fg">Redemption notices</p>
              <p className="mt-0.5 text-sm text-fg-muted">
                Each time a shopper uses one of {brand?.name ?? "your brand"}&apos;s codes, its admins get an email with the shopper, the code and
                the amounts.
              </p>
            </div>
          </div>
        )}
      </Card>
      <Card aria-labelledby="password">
        <CardHeader id="password" title="Password" description="Changing it signs you out on every other device." />
        <PasswordForm />
      </Card>
    </main>
  );
}
