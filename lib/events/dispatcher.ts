// The EventDispatcher port (types.ts) in its two shapes: hand the committed rows to the
// in-process worker, or publish them to Inngest. Both are fire-and-forget and never throw —
// the row is already safe in the outbox, and the worker's poll / the relay's sweeper pick up
// anything a dispatch did not finish.
import type { OutboxRelay } from "./relay";
import type { EventDispatcher } from "./types";
import type { OutboxWorker } from "./worker";

export function workerDispatcher(worker: Pick<OutboxWorker, "wake">): EventDispatcher {
  return {
    dispatch(ids) {
      if (ids.length > 0) worker.wake();
    },
  };
}

export function relayDispatcher(relay: Pick<OutboxRelay, "publishIds">): EventDispatcher {
  return {
    dispatch(ids) {
      if (ids.length > 0) void relay.publishIds(ids);
    },
  };
}
