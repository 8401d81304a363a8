// One serializer for every error the API answers with: RFC 9457 application/problem+json
// `{ type, title, status, detail, code, errors? }` plus any extra members the error carries.
import { DomainError, errorCodes, isDomainError, type ErrorCode } from "../errors";

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
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Any error → a problem response. Domain errors keep their code; anything else is logged with the
 * request id and becomes a bare 500 that leaks nothing but that id.
 */
export function errorResponse(err: unknown, requestId: string, req?: Request): Response {
  if (isDomainError(err)) return problem(err, requestId);
  const where = req ? `${req.method} ${new URL(req.url).pathname}` : "";
  console.error(`[${requestId}] unhandled error ${where}`, err);
  return problem(
    new DomainError("internal", `An unexpected error occurred. Quote request id ${requestId} when reporting it.`),
    requestId,
  );
}
