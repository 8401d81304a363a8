// What a failed statement says about its outcome. A redemption must never release its claim over a
// usage record that may have committed (lib/discounts/redeem-code.ts), so a write's failure is
// either "failed" — it certainly did not commit — or "unknown".
import { sqlState } from "../log";

/** Errors raised before the statement could reach a server: the connection was never made. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT", "CONNECTION_ENDED", "CONNECTION_QUEUE_TIMEOUT"]);

/**
 * "failed": the server answered with an error (the statement and its implicit transaction rolled
 * back — a statement timeout, 57014, included), or the connection was never made. "unknown": the
 * connection broke or stalled after the statement may have been sent (ECONNRESET, EPIPE,
 * CONNECTION_CLOSED/DESTROYED/STALLED, a shutdown or crash notice: 08xxx, 57P0x), or the error is
 * not one we can read — the commit may have happened and only its answer was lost.
 */
export function writeOutcomeOf(e: unknown): "failed" | "unknown" {
  // A SQLSTATE has a digit; "EPIPE" is a socket's code of the same shape.
  const state = sqlState(e);
  if (state && /\d/.test(state) && !state.startsWith("08") && !state.startsWith("57P")) return "failed";
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && NEVER_SENT.has(code)) return "failed";
    cur = (cur as { cause?: unknown }).cause;
  }
  return "unknown";
}
