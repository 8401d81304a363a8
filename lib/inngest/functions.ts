// The Inngest functions. Thin on purpose: each step calls a job function from lib/notifications
// (the in-process worker calls the very same ones). Each announcement batch is its own step, so
// a retry re-runs only the failed batch — and the job's delivery bookkeeping makes even a
// re-run of a finished batch send nothing twice.
// A run that fails for good (out of retries, or a NonRetriableError such as a revoked provider
// key) is not "done": its onFailure handler marks the outbox row failed (failed_at, redacted
// last_error), so the brand's dashboard shows it and `npm run outbox:redrive` publishes it again.
import { cron, NonRetriableError, type InngestFunction } from "inngest";
import { isPermanentFailure } from "../events/errors";
import { markFailedByEventId } from "../events/outbox-store";
import { assertEventPayload } from "../events/payloads";
import { log, summarizeError } from "../log";
import { announceCodeBatch, notifyBrandOfUsage, sendVerificationEmail, type AnnounceBatchResult, type NotificationPorts } from "../notifications";
import type { InngestClient } from "./client";
import { announcementContinued, codeCreated, codeRedeemed, verificationRequested } from "./events";

export interface NotificationFunctionOptions {
  getPorts: () => Promise<NotificationPorts>;
  /** Publishes outbox rows a dispatch missed (the relay's sweep); omit to serve no sweeper. */
  sweepOutbox?: () => Promise<number>;
  /** Pages one run sends before continuing in a new run (default 200 = 200,000 shoppers in pages of 1,000). */
  batchesPerRun?: number;
}

/** An error as Inngest may see it (it stores and shows it): class and redacted message only. */
function redacted(e: unknown): Error {
  const s = summarizeError(e);
  const out = new Error(s.code ? `${s.code}: ${s.message}` : s.message);
  out.name = s.type;
  return out;
}

/**
 * A permanent failure (a provider's final "no" such as a bad key, a payload that fails its
 * schema) is not worth retrying: NonRetriableError. Everything else is retried. Either way
 * Inngest only ever gets the redacted error, never bound parameters or addresses.
 */
export async function asStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isPermanentFailure(e)) throw new NonRetriableError(summarizeError(e).message, { cause: redacted(e) });
    throw redacted(e);
  }
}

interface FailedRunEvent {
  data: { event?: { id?: string; name?: string; data?: Record<string, unknown> }; function_id?: string; run_id?: string };
}

/** The outbox event a failed run was for: the continuation carries it, a first run is it. */
function outboxEventIdOf(failed: FailedRunEvent): string | undefined {
  const original = failed.data.event;
  const carried = original?.data?.outboxEventId;
  return typeof carried === "string" && carried ? carried : original?.id;
}

type InngestStepRun = <T>(id: string, fn: () => Promise<T>) => Promise<unknown>;

export function createNotificationFunctions(inngest: InngestClient, opts: NotificationFunctionOptions) {
  const batchesPerRun = opts.batchesPerRun ?? 200;

  /** onFailure: the run failed for good; record it on its outbox row instead of leaving it "published". */
  const recordFailure = async ({ event, error, step }: { event: FailedRunEvent; error: unknown; step: { run: InngestStepRun } }) => {
    const eventId = outboxEventIdOf(event);
    const fn = event.data.function_id;
    if (!eventId) {
      log.error({ fn, err: summarizeError(error) }, "inngest run failed for good; its event names no outbox row");
      return { recorded: false };
    }
    return step.run("record-failure-in-outbox", async () => {
      const ports = await opts.getPorts();
      const recorded = await markFailedByEventId(ports.db, eventId, { now: ports.clock(), error });
      log.error({ fn, eventId, recorded, err: summarizeError(error) }, "inngest run failed for good; outbox event marked failed (npm run outbox:redrive)");
      return { eventId, recorded };
    });
  };

  const announceCode = inngest.createFunction(
    {
      id: "announce-code",
      name: "Announce a new code to shoppers",
      triggers: [codeCreated, announcementContinued],
      retries: 6,
      // One run per code at a time: a continuation never overlaps the run that sent it.
      concurrency: { limit: 1, key: "event.data.codeId" },
      onFailure: recordFailure,
    },
    async ({ event, step }) => {
      const { codeId, brandId } = event.data;
      const continued = event.name === announcementContinued.name ? (event.data as { after: string | null; part: number; outboxEventId?: string }) : null;
      const outboxEventId = continued ? continued.outboxEventId : event.id;
      let after = continued?.after ?? null;
      const part = continued?.part ?? 0;
      let sent = 0;
      for (let n = 0; n < batchesPerRun; n++) {
        const r: AnnounceBatchResult = await step.run(`announce-batch-${n}`, () =>
          asStep(async () => {
            assertEventPayload(event.name, event.data);
            return announceCodeBatch(await opts.getPorts(), { codeId, after });
          }),
        );
        sent += r.sent;
        if (r.done) return { codeId, sent, done: true, part, ...(r.skipped ? { skipped: r.skipped } : {}) };
        after = r.nextCursor;
      }
      // The id names the outbox event, so a re-driven announcement (a new event id) continues too.
      await step.sendEvent("continue-announcement", {
        id: `announce-continued:${outboxEventId ?? codeId}:${part + 1}`,
        name: announcementContinued.name,
        data: { codeId, brandId, after, part: part + 1, ...(outboxEventId ? { outboxEventId } : {}) },
      });
      return { codeId, sent, done: false, part, continuesAfter: after };
    },
  );

  const notifyBrand = inngest.createFunction(
    { id: "notify-brand-of-usage", name: "Tell a brand its code was used", triggers: [codeRedeemed], retries: 6, onFailure: recordFailure },
    async ({ event, step }) =>
      step.run("email-brand-admins", () =>
        asStep(async () => {
          assertEventPayload(event.name, event.data);
          return notifyBrandOfUsage(await opts.getPorts(), { usageId: event.data.usageId });
        }),
      ),
  );

  const sendVerification = inngest.createFunction(
    { id: "send-verification-email", name: "Email a verification link", triggers: [verificationRequested], retries: 6, onFailure: recordFailure },
    async ({ event, step }) =>
      step.run("email-verification-link", () =>
        asStep(async () => {
          assertEventPayload(event.name, event.data);
          return sendVerificationEmail(await opts.getPorts(), event.data);
        }),
      ),
  );

  const functions: InngestFunction.Any[] = [announceCode, notifyBrand, sendVerification];
  const sweepOutbox = opts.sweepOutbox;
  if (sweepOutbox) {
    functions.push(
      inngest.createFunction(
        // Only pending rows: a failed one waits for `npm run outbox:redrive`.
        { id: "sweep-outbox", name: "Publish outbox events a dispatch missed", triggers: [cron("* * * * *")], retries: 0 },
        async ({ step }) => step.run("sweep", () => sweepOutbox()),
      ),
    );
  }
  return { announceCode, notifyBrand, sendVerification, functions };
}
