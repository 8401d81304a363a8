// /dashboard/webhooks — the brand's webhook endpoints: add one (the signing secret shown once),
// list and delete them, and the recent delivery attempts.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { WebhookDeliveries } from "@/components/dashboard/webhook-deliveries";
import { CreateWebhookCard, WebhookList, type WebhookEventOption } from "@/components/dashboard/webhook-manager";
import { getBrandViewer } from "@/components/session";
import { PageHeader } from "@/components/ui/page-header";
import { getDeps } from "@/lib/deps";
import { env } from "@/lib/env";
import { possessive } from "@/lib/possessive";
import { listRecentBrandDeliveries, listWebhookEndpoints } from "@/lib/webhooks";
import { createWebhookAction, deleteWebhookAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

const eventOptions: WebhookEventOption[] = [
  { type: "code.created", label: "A code was created" },
  { type: "usage.confirmed", label: "A use of a code was confirmed" },
  { type: "usage.reversed", label: "A confirmed use was reversed" },
  { type: "code.exhausted", label: "A capped code’s last use was taken" },
  { type: "batch.completed", label: "A batch of codes finished" },
];

export default async function WebhooksPage() {
  const ctx = await getBrandViewer();
  if (!ctx) redirect("/forbidden?from=/dashboard/webhooks");
  const { db } = await getDeps();
  const [endpoints, deliveries] = await Promise.all([
    listWebhookEndpoints(db, ctx.brand.id),
    listRecentBrandDeliveries(db, { brandId: ctx.brand.id, limit: 20 }),
  ]);
  return (
    <main id="main" className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="Webhooks"
        description={
          <>
            Your systems hear about {possessive(ctx.brand.name)} codes as things happen: signed POSTs as the{" "}
            <Link href="/docs/api" className="font-medium text-accent-ink underline-offset-2 hover:underline">
              API reference
            </Link>{" "}
            describes, retried until your endpoint answers 2xx.
          </>
        }
      />
      <CreateWebhookCard action={createWebhookAction} eventOptions={eventOptions} localhostAllowed={env.WEBHOOKS_ALLOW_LOCALHOST} />
      <WebhookList endpoints={endpoints} remove={deleteWebhookAction} />
      <WebhookDeliveries deliveries={deliveries.map((d) => ({ id: d.id, url: d.url, type: d.type, attempt: d.attempt, status: d.status, responseStatus: d.responseStatus, createdAt: d.createdAt }))} />
    </main>
  );
}
