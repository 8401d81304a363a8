// /dashboard/codes/new — create a code: a percentage or a fixed amount (or one of the brand's
// rules), an optional minimum, total cap and user group (with a live count of who qualifies), and
// a validity window. Submits to createCodeAction (the same schema and domain function as the API).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateCodeForm } from "@/components/dashboard/create-code-form";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { getBrandViewer } from "@/components/session";
import { PageHeader } from "@/components/ui/page-header";
import { getDeps } from "@/lib/deps";
import { brandRules } from "@/lib/discounts/brand-rules";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { countEligibleAction, createCodeAction } from "./actions";

export const metadata: Metadata = { title: "New discount code" };

export default async function NewCodePage() {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard");
  const { db } = await getDeps();
  const rules = await brandRules(db, ctx.brand.id);
  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader
        title="New discount code"
        description={`A percentage or an amount off ${ctx.brand.name} products, for a set time — for everyone or for your returning shoppers.`}
        back={{ href: "/dashboard", label: "Discount codes" }}
      />
      {ctx.account.user.emailVerified ? (
        <CreateCodeForm action={createCodeAction} countEligible={countEligibleAction} brandName={ctx.brand.name} rules={rules} />
      ) : (
        // createCode refuses unverified admins (403 email_unverified); say so before anything is typed.
        <VerifyEmailNotice className="mt-6" email={ctx.viewer.email} title="Confirm your email address to create codes" resend={resendVerificationAction}>
          Codes are emailed to shoppers in your brand&apos;s name, so we first check that {ctx.viewer.email} is yours: open the link we
          emailed you, then come back here.
        </VerifyEmailNotice>
      )}
    </main>
  );
}
