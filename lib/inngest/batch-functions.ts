// The Inngest function of bulk unique codes: "discount/batch.requested" → one step to (re)start
// the batch, one `step.run` per chunk, one to finish. The steps call the job functions of
// lib/discounts/batches.ts that the in-process worker runs (runBatchJob), so both runners
// generate, count and finish a batch the same way. A retried step re-runs only its chunk, and a
// chunk is idempotent (it locks the batch row and tops up to `total`). A run that fails for good
// marks the batch `failed` (redacted reason) and its outbox row failed (`npm run outbox:redrive`).
import { NonRetriableError, type InngestFunction } from "inngest";
import type { Clock } from "../clock";
import type { Db } from "../db";
import { BATCH_MAX_FUTILE_CHUNKS, finishBatch, generateBatchChunk, markBatchFailed, startBatchRun, type BatchProgress } from "../discounts/batches";
import { isPermanentFailure } from "../events/errors";
import { markFailedByEventId } from "../events/outbox-store";
import { assertEventPayload } from "../events/payloads";
import type { EventDispatcher } from "../events/types";
import { log, summarizeError } from "../log";
import type { InngestClient } from "./client";
import { batchRequested } from "./events";

export interface BatchFunctionPorts {
  db: Db;
  clock: Clock;
  events: EventDispatcher;
}

export interface BatchFunctionOptions {
  getPorts: () => Promise<BatchFunctionPorts>;
  /** Rows per chunk step (default: the job's DEFAULT_CHUNK_SIZE). */
  chunkSize?: number;
}

// As functions.ts's asStep (kept private there): Inngest only ever sees the redacted error, and a
// permanent failure is not retried.
async function asStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const s = summarizeError(e);
    const redacted = Object.assign(new Error(s.code ? `${s.code}: ${s.message}` : s.message), { name: s.type });
    if (isPermanentFailure(e)) throw new NonRetriableError(s.message, { cause: redacted });
    throw redacted;
  }
}

interface FailedRunEvent {
  data: { event?: { id?: string; data?: Record<string, unknown> }; function_id?: string; error?: unknown };
}

export function createBatchFunctions(inngest: InngestClient, opts: BatchFunctionOptions) {
  const generateCodeBatch = inngest.createFunction(
    {
      id: "generate-code-batch",
      name: "Generate a batch of unique codes",
      triggers: [batchRequested],
      retries: 6,
      // One run per batch at a time (the chunks also lock the batch row).
      concurrency: { limit: 1, key: "event.data.batchId" },
      onFailure: async ({ event, error, step }: { event: FailedRunEvent; error: unknown; step: { run: <T>(id: string, fn: () => Promise<T>) => Promise<unknown> } }) => {
        const original = event.data.event;
        const data = original?.data as { batchId?: unknown; brandId?: unknown } | undefined;
        return step.run("mark-batch-failed", async () => {
          const ports = await opts.getPorts();
          const now = ports.clock();
          if (typeof data?.batchId === "string" && typeof data.brandId === "string") {
            await markBatchFailed(ports.db, { batchId: data.batchId, brandId: data.brandId }, { error, now });
          }
          const recorded = original?.id ? await markFailedByEventId(ports.db, original.id, { now, error }) : false;
          log.error({ fn: event.data.function_id, batchId: data?.batchId, recorded, err: summarizeError(error) }, "code batch failed for good");
          return { recorded };
        });
      },
    },
    async ({ event, step }) => {
      const payload = { batchId: event.data.batchId, brandId: event.data.brandId };
      let progress: BatchProgress = await step.run("start", () =>
        asStep(async () => {
          assertEventPayload(event.name, event.data);
          return startBatchRun((await opts.getPorts()).db, payload);
        }),
      );
      if (progress.status !== "running") return progress;
      let futile = 0;
      for (let n = 0; progress.created < progress.total; n++) {
        progress = await step.run(`chunk-${n}`, () =>
          asStep(async () => generateBatchChunk(await opts.getPorts(), payload, { chunkSize: opts.chunkSize })),
        );
        if (progress.status === "missing") return progress;
        futile = progress.inserted ? 0 : futile + 1;
        if (futile >= BATCH_MAX_FUTILE_CHUNKS) throw new NonRetriableError(`No new codes in ${BATCH_MAX_FUTILE_CHUNKS} chunks in a row.`);
      }
      const finished = await step.run("finish", () => asStep(async () => finishBatch(await opts.getPorts(), payload)));
      return { ...progress, status: "done" as const, completionEvent: finished.outboxId };
    },
  );
  const functions: InngestFunction.Any[] = [generateCodeBatch];
  return { generateCodeBatch, functions };
}
