// CORS for /api/v1 (the embeddable checkout widget on other sites): only origins listed in
// ALLOWED_ORIGINS get an Access-Control-Allow-Origin. Credentials (cookies) are never allowed
// cross-origin: a widget authenticates with a bearer token.
export const CORS_ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key";
export const CORS_ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/** Response headers a cross-origin client may read: the request id, how long to back off after a
 * 429, and whether an answer is an idempotent replay. */
export const CORS_EXPOSED_HEADERS = "x-request-id, retry-after, idempotent-replayed";

export function isAllowedOrigin(origin: string | null, allowed: readonly string[]): origin is string {
  return !!origin && (allowed.includes(origin) || allowed.includes("*"));
}

/** Headers to add to an actual (non-preflight) response. */
export function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = { vary: "Origin" };
  if (isAllowedOrigin(origin, allowed)) {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-expose-headers"] = CORS_EXPOSED_HEADERS;
  }
  return headers;
}

export function isPreflight(req: Request): boolean {
  return req.method === "OPTIONS" && req.headers.has("access-control-request-method");
}

/** The answer to a CORS preflight: 204, with the allow-* headers only for a listed origin. */
export function preflightResponse(req: Request, { allowed, requestId }: { allowed: readonly string[]; requestId: string }): Response {
  const origin = req.headers.get("origin");
  const headers = new Headers({ vary: "Origin", "x-request-id": requestId });
  if (isAllowedOrigin(origin, allowed)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-methods", CORS_ALLOWED_METHODS);
    headers.set("access-control-allow-headers", CORS_ALLOWED_HEADERS);
    headers.set("access-control-max-age", "600");
  }
  return new Response(null, { status: 204, headers });
}
