// The Inngest functions. Thin on purpose: each step calls a job function from lib/notifications
// (the in-process worker calls the very same ones). Each announcement batch is its own step, so
// a retry re-runs only the failed batch — and the job's delivery bookkeeping makes even a
// re-run of a finished batch send nothing twice.
import { cron, NonRetriableError, type InngestFunction } from "inngest";
import { MailDeliveryError } from "../mail/types";
import { announceCodeBatch, notifyBrandOfUsage, type AnnounceBatchResult, type NotificationPorts } from "../notifications";
import type { InngestClient } from "./client";
import { announcementContinued, codeCreated, codeRedeemed } from "./events";

export interface NotificationFunctionOptions {
  getPorts: () => Promise<NotificationPorts>;
  /** Publishes outbox rows a dispatch missed (the relay's sweep); omit to serve no sweeper. */
  sweepOutbox?: () => Promise<number>;
  /** Batches one run sends before continuing in a new run (default 200 = 20,000 shoppers). */
  batchesPerRun?: number;
}

/** A provider's final "no" (bad address, bad key) is not worth retrying; everything else is. */
async function asStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof MailDeliveryError && !e.retryable) throw new NonRetriableError(e.message, { cause: e });
    throw e;
  }
}

export function createNotificationFunctions(inngest: InngestClient, opts: NotificationFunctionOptions) {
  const batchesPerRun = opts.batchesPerRun ?? 200;

  const announceCode = inngest.createFunction(
    {
      id: "announce-code",
      name: "Announce a new code to shoppers",
      triggers: [codeCreated, announcementContinued],
      retries: 6,
      // One run per code at a time: a continuation never overlaps the run that sent it.
      concurrency: { limit: 1, key: "event.data.codeId" },
    },
    async ({ event, step }) => {
      const { codeId, brandId } = event.data;
      const continued = event.name === announcementContinued.name ? (event.data as { after: string | null; part: number }) : null;
      let after = continued?.after ?? null;
      const part = continued?.part ?? 0;
      let sent = 0;
      for (let n = 0; n < batchesPerRun; n++) {
        const r: AnnounceBatchResult = await step.run(`announce-batch-${n}`, () =>
          asStep(async () => announceCodeBatch(await opts.getPorts(), { codeId, after })),
        );
        sent += r.sent;
        if (r.done) return { codeId, sent, done: true, part, ...(r.skipped ? { skipped: r.skipped } : {}) };
        after = r.nextCursor;
      }
      await step.sendEvent("continue-announcement", {
        id: `announce-continued:${codeId}:${part + 1}`,
        name: announcementContinued.name,
        data: { codeId, brandId, after, part: part + 1 },
      });
      return { codeId, sent, done: false, part, continuesAfter: after };
    },
  );

  const notifyBrand = inngest.createFunction(
    { id: "notify-brand-of-usage", name: "Tell a brand its code was used", triggers: [codeRedeemed], retries: 6 },
    async ({ event, step }) =>
      step.run("email-brand-admins", () =>
        asStep(async () => notifyBrandOfUsage(await opts.getPorts(), { usageId: event.data.usageId })),
      ),
  );

  const functions: InngestFunction.Any[] = [announceCode, notifyBrand];
  const sweepOutbox = opts.sweepOutbox;
  if (sweepOutbox) {
    functions.push(
      inngest.createFunction(
        { id: "sweep-outbox", name: "Publish outbox events a dispatch missed", triggers: [cron("* * * * *")], retries: 0 },
        async ({ step }) => step.run("sweep", () => sweepOutbox()),
      ),
    );
  }
  return { announceCode, notifyBrand, functions };
}
