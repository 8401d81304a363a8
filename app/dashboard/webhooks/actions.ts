"use server";
// Webhook endpoints from the dashboard: created and deleted by the same lib/webhooks functions as
// POST/DELETE /api/v1/webhooks. The secret is returned once, to this response only.
import { revalidatePath } from "next/cache";
import type { CreateWebhookState } from "@/components/dashboard/webhook-state";
import { getBrandViewer } from "@/components/session";
import { getDeps } from "@/lib/deps";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { createWebhookBodySchema, createWebhookEndpoint, deleteWebhookEndpoint, resolveWithDns } from "@/lib/webhooks";

export async function createWebhookAction(_prev: CreateWebhookState, form: FormData): Promise<CreateWebhookState> {
  if (!(form instanceof FormData)) return { error: "Send the webhook form." };
  const ctx = await getBrandViewer();
  if (!ctx) return { error: "Only a brand's admins can add webhooks here." };
  const rawUrl = form.get("url");
  const url = typeof rawUrl === "string" ? rawUrl.trim() : "";
  const events = form.getAll("events").filter((e): e is string => typeof e === "string");
  const values = { url, events };
  const parsed = createWebhookBodySchema.safeParse({ url, events });
  if (!parsed.success) {
    const fieldErrors: NonNullable<CreateWebhookState["fieldErrors"]> = {};
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "url") fieldErrors.url ??= url ? "Enter a valid URL." : "Enter the URL to send events to.";
      if (issue.path[0] === "events") fieldErrors.events ??= "Choose at least one event.";
    }
    return { fieldErrors, values };
  }
  const { db, clock } = await getDeps();
  try {
    const created = await createWebhookEndpoint(db, {
      brandId: ctx.brand.id,
      body: parsed.data,
      now: clock(),
      allowLocalhost: env.WEBHOOKS_ALLOW_LOCALHOST,
      resolve: resolveWithDns,
    });
    revalidatePath("/dashboard/webhooks");
    return { created: { id: created.id, url: created.url, secret: created.secret } };
  } catch (e) {
    if (isDomainError(e) && e.code === "validation_failed") {
      const reason = e.errors?.[0]?.message ?? "is not allowed";
      return { fieldErrors: { url: `The URL ${reason}.` }, values };
    }
    throw e;
  }
}

export async function deleteWebhookAction(id: string): Promise<{ ok: boolean }> {
  const ctx = await getBrandViewer();
  if (!ctx || typeof id !== "string") return { ok: false };
  const { db } = await getDeps();
  try {
    // The brand is part of the delete's where: nobody deletes another brand's endpoint by id.
    await deleteWebhookEndpoint(db, { brandId: ctx.brand.id, id });
  } catch (e) {
    if (isDomainError(e) && e.code === "not_found") return { ok: false };
    throw e;
  }
  revalidatePath("/dashboard/webhooks");
  return { ok: true };
}
