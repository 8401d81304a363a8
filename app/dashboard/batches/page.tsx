// /dashboard/batches — bulk unique codes: a form for a batch (prefix, how many, the discount,
// until when, uses per code) and the brand's batches with their live progress and CSV downloads.
// The same createBatch / listBatches as POST and GET /api/v1/discountcode/batch.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifyEmailNotice } from "@/components/account/verify-email-notice";
import { BatchForm } from "@/components/dashboard/batch-form";
import { BatchList } from "@/components/dashboard/batch-list";
import { getBrandViewer } from "@/components/session";
import { PageHeader } from "@/components/ui/page-header";
import { getDeps } from "@/lib/deps";
import { listBatches } from "@/lib/discounts/batches";
import { resendVerificationAction } from "@/app/verify-email/actions";
import { createBatchAction } from "./actions";

export const metadata: Metadata = { title: "Bulk codes" };

export default async function BatchesPage() {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard/batches");
  const { db } = await getDeps();
  const { data } = await listBatches(db, { brandId: ctx.brand.id, query: { limit: 50 } });
  return (
    <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader
        title="Bulk codes"
        description="Up to 100,000 unique single-use codes at once — for newsletters, printed cards or partners. They are not emailed to shoppers; download them as CSV."
      />
      {ctx.account.user.emailVerified ? (
        <BatchForm action={createBatchAction} />
      ) : (
        <VerifyEmailNotice className="mt-6" email={ctx.viewer.email} title="Confirm your email address to create codes" resend={resendVerificationAction}>
          Open the link we emailed to {ctx.viewer.email}, then come back here.
        </VerifyEmailNotice>
      )}
      <BatchList initial={data} />
    </main>
  );
}
