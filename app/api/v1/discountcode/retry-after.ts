// A 429 says when to come back: `Retry-After` (seconds) on top of the problem body's `retryAfter`.
// Used by the code lookup and redemption routes (lib/discounts/rate-limit.ts).
import { isDomainError } from "@/lib/errors";
import { problem } from "@/lib/http";

export async function withRetryAfter(requestId: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    const retryAfter = isDomainError(e) && e.code === "rate_limited" ? e.extra?.retryAfter : undefined;
    if (typeof retryAfter !== "number" || !isDomainError(e)) throw e;
    const res = problem(e, requestId);
    res.headers.set("retry-after", String(retryAfter));
    return res;
  }
}
