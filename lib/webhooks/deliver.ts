// Delivering webhook messages: claim the due ones under a lease (`locked_until`, FOR UPDATE SKIP
// LOCKED — two processes never send one attempt at once; a process that died mid-attempt loses
// its lease and the message is tried again), POST each once, and record the attempt: a
// webhook_deliveries row, and on the message its attempt count, its status and its next attempt
// (schedule.ts). The `webhook-id` and the body are the message's own, identical on every attempt;
// only `webhook-timestamp` and the signature over it are new.
import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Clock } from "../clock";
import type { Db } from "../db";
import { webhookDeliveries, webhookEndpoints, webhookMessages } from "../db/schema";
import { log, summarizeError } from "../log";
import { createHttpSender, type WebhookSender } from "./http-sender";
import { newDeliveryId } from "./ids";
import { nextAttemptAt } from "./schedule";
import type { ResolveHost } from "./ssrf";

export interface WebhookPorts {
  db: Db;
  clock: Clock;
  /** WEBHOOKS_ALLOW_LOCALHOST: admit http://127.0.0.1 and http://localhost (embedded default, tests). */
  allowLocalhost?: boolean;
  /** POSTs one attempt (default: node:http/https to the vetted address, http-sender.ts). */
  sendWebhook?: WebhookSender;
  /** Resolves host names for the address check (default: the system resolver). */
  resolveHost?: ResolveHost;
  /** Per-attempt timeout (default 10 s, API.md). */
  webhookTimeoutMs?: number;
}

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A claimed message's lease: longer than one attempt can take. */
const LEASE_MS = 60_000;
/** Attempts sent at once by one process. */
const CONCURRENCY = 8;

interface Claimed {
  id: string;
  endpointId: string;
  body: string;
  attempts: number;
  createdAt: Date;
  lockedUntil: Date;
  url: string;
  secret: string;
}

/** Leases up to `limit` due messages (optionally only those of one event) to this caller. */
async function claimDue(db: Db, opts: { now: Date; limit: number; eventId?: string }): Promise<Claimed[]> {
  const lease = new Date(opts.now.getTime() + LEASE_MS);
  const due = db
    .select({ id: webhookMessages.id })
    .from(webhookMessages)
    .where(
      and(
        eq(webhookMessages.status, "pending"),
        lte(webhookMessages.nextAttemptAt, opts.now),
        or(isNull(webhookMessages.lockedUntil), lt(webhookMessages.lockedUntil, opts.now)),
        opts.eventId ? eq(webhookMessages.eventId, opts.eventId) : undefined,
      ),
    )
    .orderBy(asc(webhookMessages.nextAttemptAt))
    .limit(opts.limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(webhookMessages)
    .set({ lockedUntil: lease })
    .where(inArray(webhookMessages.id, due))
    .returning({ id: webhookMessages.id });
  if (!claimed.length) return [];
  const rows = await db
    .select({
      id: webhookMessages.id,
      endpointId: webhookMessages.endpointId,
      body: webhookMessages.body,
      attempts: webhookMessages.attempts,
      createdAt: webhookMessages.createdAt,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
    })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(
      inArray(
        webhookMessages.id,
        claimed.map((c) => c.id),
      ),
    );
  return rows.map((r) => ({ ...r, lockedUntil: lease }));
}

/** The Standard Webhooks headers of one attempt. */
export function signedHeaders(opts: { secret: string; messageId: string; body: string; at: Date }): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "Discounts-Webhooks/1.0",
    "webhook-id": opts.messageId,
    "webhook-timestamp": String(Math.floor(opts.at.getTime() / 1000)),
    "webhook-signature": new Webhook(opts.secret).sign(opts.messageId, opts.at, opts.body),
  };
}

async function attempt(ports: WebhookPorts, send: WebhookSender, m: Claimed): Promise<boolean> {
  const startedAt = ports.clock();
  const outcome = await send({
    url: m.url,
    body: m.body,
    headers: signedHeaders({ secret: m.secret, messageId: m.id, body: m.body, at: startedAt }),
    timeoutMs: ports.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS,
    allowLocalhost: ports.allowLocalhost ?? false,
  });
  const number = m.attempts + 1;
  const next = outcome.ok ? null : nextAttemptAt({ createdAt: m.createdAt, attempt: number, now: ports.clock() });
  const status = outcome.ok ? "succeeded" : next ? "pending" : "failed";
  await ports.db.transaction(async (tx) => {
    await tx.insert(webhookDeliveries).values({
      id: newDeliveryId(startedAt.getTime()),
      messageId: m.id,
      endpointId: m.endpointId,
      attempt: number,
      status,
      responseStatus: outcome.status,
      error: outcome.error?.slice(0, 200) ?? null,
      durationMs: outcome.durationMs,
      createdAt: startedAt,
    });
    // Only while the lease is still ours (it outlasts any attempt; a lost one is logged).
    const updated = await tx
      .update(webhookMessages)
      .set({ attempts: number, status, nextAttemptAt: next, lockedUntil: null })
      .where(and(eq(webhookMessages.id, m.id), eq(webhookMessages.lockedUntil, m.lockedUntil)))
      .returning({ id: webhookMessages.id });
    if (!updated.length) log.warn({ messageId: m.id, attempt: number }, "webhook lease lost before the attempt was recorded");
  });
  if (!outcome.ok) log.info({ messageId: m.id, endpointId: m.endpointId, attempt: number, status, error: outcome.error }, "webhook attempt failed");
  return outcome.ok;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
}

/**
 * Sends one attempt of each due message (at most `limit`; only the event's with `eventId`).
 * Never throws for a receiver's failure — that is recorded and retried on schedule.
 */
export async function deliverDueWebhooks(ports: WebhookPorts, opts: { limit?: number; eventId?: string } = {}): Promise<DeliveryRound> {
  const send = ports.sendWebhook ?? createHttpSender({ resolve: ports.resolveHost });
  const claimed = await claimDue(ports.db, { now: ports.clock(), limit: opts.limit ?? 50, eventId: opts.eventId });
  let succeeded = 0;
  await pool(claimed, CONCURRENCY, async (m) => {
    try {
      if (await attempt(ports, send, m)) succeeded++;
    } catch (e) {
      // Recording failed (the endpoint deleted meanwhile, the database down): the lease runs
      // out and the message is tried again; the other messages go on.
      log.error({ messageId: m.id, err: summarizeError(e) }, "webhook attempt could not be recorded");
    }
  });
  return { attempted: claimed.length, succeeded };
}

/** Delivers due messages page by page until none is due (or `maxPages` pages): the retry sweep. */
export async function deliverAllDueWebhooks(ports: WebhookPorts, opts: { pageSize?: number; maxPages?: number } = {}): Promise<DeliveryRound> {
  const total: DeliveryRound = { attempted: 0, succeeded: 0 };
  const pageSize = opts.pageSize ?? 50;
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    const round = await deliverDueWebhooks(ports, { limit: pageSize });
    total.attempted += round.attempted;
    total.succeeded += round.succeeded;
    if (round.attempted < pageSize) break;
  }
  return total;
}
