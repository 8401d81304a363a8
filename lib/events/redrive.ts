// Re-driving failed outbox events (`npm run outbox:redrive`): after the cause is fixed (a new
// provider key, a deploy), failed events are made pending again — attempts from zero, due now —
// and handed to whatever runs the jobs: the in-process worker picks them up on its next poll;
// with Inngest they are published at once (a fresh event id each, see redriveEvents). The jobs'
// delivery bookkeeping makes sure nobody already emailed is emailed again.
import type { Db } from "../db";
import { listFailedEvents, redriveEvents, type FailedEvent } from "./outbox-store";

export interface RedriveOptions {
  ids?: number[];
  name?: string;
  dryRun?: boolean;
  now: Date;
  /** Publishes re-queued rows now (Inngest: the relay's publishIds); omit for the worker. */
  publish?: (ids: number[]) => Promise<number>;
}

export interface RedriveResult {
  /** The failed events the filter matched (re-queued unless dryRun). */
  events: FailedEvent[];
  requeued: number;
  /** Published to Inngest right away (the rest: by the sweeper). */
  published: number;
}

export async function redriveFailedEvents(db: Db, o: RedriveOptions): Promise<RedriveResult> {
  const filter = { ids: o.ids, name: o.name };
  if (o.dryRun) {
    const events = await listFailedEvents(db, { ...filter, limit: 100_000 });
    return { events, requeued: 0, published: 0 };
  }
  // As they were (attempts, error) for the report; then re-queue, atomically per row.
  const before = await listFailedEvents(db, { ...filter, limit: 100_000 });
  const requeued = new Set((await redriveEvents(db, filter, { now: o.now })).map((e) => e.id));
  const events = before.filter((e) => requeued.has(e.id));
  const published = o.publish && requeued.size > 0 ? await o.publish([...requeued].sort((a, b) => a - b)) : 0;
  return { events, requeued: requeued.size, published };
}
