// Wires the outbox to whatever runs the jobs, from the environment, once per process:
// - INNGEST_EVENT_KEY + INNGEST_SIGNING_KEY set → committed events are published to Inngest
//   (relay.ts), an in-process sweeper publishes what a dispatch missed, and the functions served
//   at /api/inngest run the jobs;
// - otherwise (the embedded default) → the in-process outbox worker (worker.ts) runs the same
//   jobs right here.
// The runtime lives on globalThis: Next.js bundles instrumentation and routes separately, and
// both must find the one worker.
import "server-only";
import { systemClock } from "../clock";
import type { Database } from "../db";
import { env } from "../env";
import { createInngestClient, inngestConfigured, type InngestClient } from "../inngest/client";
import { mailerFromEnv } from "../mail";
import { appUnsubscribeSecret } from "../mail/unsubscribe-secret";
import { runJob, type JobPorts } from "../jobs";
import { startWebhookRetryLoop, type WebhookRetryLoop } from "../webhooks/retry-loop";
import { relayDispatcher, workerDispatcher } from "./dispatcher";
import { createOutboxRelay, type OutboxRelay } from "./relay";
import type { EventDispatcher } from "./types";
import { createOutboxWorker, type OutboxWorker } from "./worker";

export type EventRuntime =
  | { mode: "worker"; dispatcher: EventDispatcher; worker: OutboxWorker; ports(): JobPorts; start(): void; stop(): Promise<void> }
  | {
      mode: "inngest";
      dispatcher: EventDispatcher;
      relay: OutboxRelay;
      inngest: InngestClient;
      ports(): JobPorts;
      start(): void;
      stop(): Promise<void>;
    };

const g = globalThis as unknown as { __eventRuntime?: EventRuntime; __eventRuntimeStarted?: boolean };

function portsFor(database: Database, events: () => EventDispatcher): () => JobPorts {
  let ports: JobPorts | undefined;
  return () =>
    (ports ??= {
      events: events(),
      db: database.db,
      mailer: mailerFromEnv(env, database.db),
      clock: systemClock,
      appUrl: env.APP_URL,
      unsubscribeSecret: appUnsubscribeSecret(),
      allowLocalhost: env.WEBHOOKS_ALLOW_LOCALHOST,
    });
}

function build(database: Database): EventRuntime {
  let dispatcher: EventDispatcher | undefined;
  const ports = portsFor(database, () => dispatcher!);
  if (inngestConfigured(env)) {
    const inngest = createInngestClient({ eventKey: env.INNGEST_EVENT_KEY, signingKey: env.INNGEST_SIGNING_KEY });
    const relay = createOutboxRelay({
      db: database.db,
      publish: async (events) => void (await inngest.send(events)),
    });
    dispatcher = relayDispatcher(relay);
    return {
      mode: "inngest",
      dispatcher,
      relay,
      inngest,
      ports,
      start: () => relay.startSweeper(10_000),
      stop: async () => relay.stop(),
    };
  }
  const worker = createOutboxWorker({
    db: database.db,
    handle: (event, { signal }) => runJob(ports(), event, { signal }),
  });
  dispatcher = workerDispatcher(worker);
  // Webhook retries fall due without a request: a timer delivers them (Inngest mode: a cron function).
  let webhookRetries: WebhookRetryLoop | undefined;
  return {
    mode: "worker",
    dispatcher,
    worker,
    ports,
    start: () => {
      worker.start();
      webhookRetries ??= startWebhookRetryLoop(ports);
    },
    stop: async () => {
      await webhookRetries?.stop();
      webhookRetries = undefined;
      await worker.stop();
    },
  };
}

/** The process's event runtime for this database (built once). */
export function eventRuntime(database: Database): EventRuntime {
  return (g.__eventRuntime ??= build(database));
}

/**
 * Starts the worker (embedded default) or the sweeper (Inngest) — once per process, however
 * often it is called. instrumentation.ts calls it when the server starts.
 */
export function startEventRuntime(database: Database): EventRuntime {
  const runtime = eventRuntime(database);
  if (!g.__eventRuntimeStarted) {
    g.__eventRuntimeStarted = true;
    runtime.start();
  }
  return runtime;
}

