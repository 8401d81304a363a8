// One serializer for every error the API answers with: RFC 9457 application/problem+json
// `{ type, title, status, detail, code, errors? }` plus any extra members the error carries.
//
// A store that does not answer is never a 500: any database, driver, connection or Upstash error
// that reaches here — from the bearer-token lookup and the session's account load as much as from
// a route's own queries — is 503 `unavailable` with `Retry-After` (isStoreUnavailable below).
// Every 503 and 429 carries `Retry-After` (seconds): the error's `retryAfter` when it has one.
import { DomainError, errorCodes, isDomainError, type ErrorCode } from "../errors";
import { log, summarizeError } from "../log";

/** Seconds a client is told to wait after a 503 when nothing more precise is known. */
export const UNAVAILABLE_RETRY_AFTER_S = 1;

/** A stable, documented URI per error code (relative, resolved against the API's origin). */
export function problemType(code: ErrorCode): string {
  return `/docs/api#error-${code}`;
}

export function problem(err: DomainError, requestId: string): Response {
  const { status, title } = errorCodes[err.code];
  const body: Record<string, unknown> = {
    ...err.extra,
    type: problemType(err.code),
    title,
    status,
    detail: err.message,
    code: err.code,
  };
  if (err.errors?.length) body.errors = err.errors;
  const headers = new Headers({ "content-type": "application/problem+json", "x-request-id": requestId });
  // RFC 6750: a 401 names the scheme it wants.
  if (status === 401) {
    headers.set("www-authenticate", err.code === "invalid_token" ? 'Bearer error="invalid_token"' : "Bearer");
  }
  if (status === 503 || status === 429) {
    const extra = err.extra?.retryAfter;
    const seconds = typeof extra === "number" && Number.isFinite(extra) && extra > 0 ? Math.ceil(extra) : UNAVAILABLE_RETRY_AFTER_S;
    headers.set("retry-after", String(seconds));
  }
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Any error → a problem response. Domain errors keep their code; a store that did not answer is a
 * 503; anything else is logged with the request id and becomes a bare 500 that leaks nothing but
 * that id. Errors are logged by their summary (type, SQL state, constraint), never raw: a driver's
 * error carries the query's bound parameters.
 */
export function errorResponse(err: unknown, { requestId, req }: { requestId: string; req?: Request }): Response {
  if (isDomainError(err)) return problem(err, requestId);
  const route = req ? `${req.method} ${new URL(req.url).pathname}` : undefined;
  if (isStoreUnavailable(err)) {
    log.warn({ requestId, route, err: summarizeError(err) }, "store unavailable: answered 503");
    return problem(
      new DomainError("unavailable", "A store this request needs did not answer. Nothing was changed that you need to repeat differently; try again shortly."),
      requestId,
    );
  }
  log.error({ requestId, route, err: summarizeError(err) }, "unhandled error");
  return problem(
    new DomainError("internal", `An unexpected error occurred. Quote request id ${requestId} when reporting it.`),
    requestId,
  );
}

// --- which errors mean "a store is down" ----------------------------------------------------------

/** Socket and resolver errors (Node's `code`): the peer could not be reached or went away. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/**
 * SQLSTATEs that mean the server could not do the work now, not that the request was wrong:
 * class 08 (connection exception), 53 (insufficient resources: too many connections, disk full),
 * 57P (operator intervention: shutdown, crash, cannot connect now), 57014 (statement timeout /
 * cancelled), 40001/40P01 (serialization failure, deadlock: retry), 55P03 (lock not available),
 * 25006 (read-only transaction: a failover in progress), 58000/58030 (system / I/O error).
 */
export function isUnavailableSqlState(state: string): boolean {
  return (
    state.startsWith("08") ||
    state.startsWith("53") ||
    state.startsWith("57P") ||
    state === "57014" ||
    state === "40001" ||
    state === "40P01" ||
    state === "55P03" ||
    state === "25006" ||
    state === "58000" ||
    state === "58030"
  );
}

/** Whether `e` (or an error it wraps) says a store — PostgreSQL, PGlite, Redis over Upstash — is down. */
export function isStoreUnavailable(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === "object"; i++) {
    const { code, name, message } = cur as { code?: unknown; name?: unknown; message?: unknown };
    const ctor = (cur as object).constructor?.name;
    if (typeof code === "string") {
      if (NETWORK_CODES.has(code)) return true;
      // postgres.js's own: CONNECTION_CLOSED, CONNECTION_DESTROYED, CONNECTION_ENDED, CONNECT_TIMEOUT
      // (and this project's CONNECTION_STALLED, lib/db/watchdog.ts).
      if (code.startsWith("CONNECTION_") || code === "CONNECT_TIMEOUT") return true;
      if (/^[0-9A-Z]{5}$/.test(code) && /\d/.test(code) && isUnavailableSqlState(code)) return true;
    }
    // @upstash/redis: an error answer or a failed fetch of its REST endpoint.
    if (name === "UpstashError" || ctor === "UpstashError") return true;
    if (name === "TypeError" && typeof message === "string" && /fetch failed|network/i.test(message)) return true;
    // PGlite: its WASM runtime aborted or the instance is closed — the embedded store is gone.
    if (typeof message === "string" && /PGlite is closed|RuntimeError: Aborted|Aborted\(\)/i.test(message)) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
