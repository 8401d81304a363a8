// Due retries without a request, on the embedded default: a timer (unref'd: it never keeps the
// process alive) that delivers due messages in pages every few seconds. Rounds never overlap;
// leases make it safe beside another process doing the same. Errors are logged, never thrown.
import { log, summarizeError } from "../log";
import { deliverAllDueWebhooks, type WebhookPorts } from "./deliver";

export interface WebhookRetryLoop {
  /** Stops the timer and waits for a running round. */
  stop(): Promise<void>;
  /** Runs one round now (tests). */
  tick(): Promise<void>;
}

export function startWebhookRetryLoop(getPorts: () => WebhookPorts, opts: { intervalMs?: number } = {}): WebhookRetryLoop {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (running || stopped) return running ?? Promise.resolve();
    running = (async () => {
      try {
        const round = await deliverAllDueWebhooks(getPorts());
        if (round.attempted) log.debug({ ...round }, "webhook retries delivered");
      } catch (e) {
        log.error({ err: summarizeError(e) }, "webhook retry round failed");
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 5_000);
  timer.unref();
  return {
    tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
