// Bulk unique codes (API.md part 2, "Bulk unique codes"). STUB — being built.
import type { EventPayloads } from "../events/types";
import type { JobPorts } from "../jobs";

export async function runBatchJob(_ports: JobPorts, _payload: EventPayloads["discount/batch.requested"], _opts: { signal?: AbortSignal } = {}): Promise<unknown> {
  throw new Error("Bulk codes are not built yet.");
}
