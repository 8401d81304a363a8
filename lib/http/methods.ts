// Methods a route does not serve, answered as API.md says: 405 `method_not_allowed` problem+json
// with `Allow` (Next's own 405 has an empty body), and unknown /api paths: 404 `not_found`.
//
// Every app/api route module adds one export line naming the methods it does not export:
//   export const GET = withUser(…);
//   export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
// TypeScript refuses to destructure a method the route does serve. OPTIONS answers as Next's
// automatic OPTIONS did (204 with `Allow`; CORS preflights are answered earlier, by proxy.ts), and
// HEAD is left to Next (it runs GET without the body).
import { DomainError } from "../errors";
import { newId } from "../ids";
import { httpConfig } from "./config";
import { corsHeaders } from "./cors";
import { problem } from "./problem";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

type Handler = (req: Request, ctx?: unknown) => Response | Promise<Response>;
/** Handlers that are not a real method of the route (test/http.ts leaves them out of apiRoutes()). */
export const NOT_SERVED = Symbol.for("discounts.http.notServed");
type Marked = Handler & { [NOT_SERVED]?: true };

const mark = (h: Handler): Handler => Object.assign(h, { [NOT_SERVED]: true as const });

export function isNotServedHandler(h: unknown): boolean {
  return typeof h === "function" && (h as Marked)[NOT_SERVED] === true;
}

/** What Next's automatic OPTIONS puts in `Allow`: the methods, HEAD with GET, OPTIONS; sorted. */
export function allowHeader(served: readonly string[]): string {
  const allow = new Set([...served, "OPTIONS"]);
  if (allow.has("GET")) allow.add("HEAD");
  return [...allow].sort().join(", ");
}

function withApiHeaders(res: Response, req: Request): Response {
  res.headers.set("cache-control", "no-store");
  if (new URL(req.url).pathname.startsWith("/api/v1")) {
    for (const [k, v] of Object.entries(corsHeaders(req.headers.get("origin"), httpConfig().allowedOrigins))) res.headers.set(k, v);
  }
  return res;
}

/** 405 `method_not_allowed` problem+json with `Allow`. */
export function methodNotAllowed(req: Request, allow: string): Response {
  const res = problem(
    new DomainError("method_not_allowed", `${req.method} is not served here. Allowed: ${allow}.`),
    newId("request"),
  );
  res.headers.set("allow", allow);
  return withApiHeaders(res, req);
}

/** 404 `not_found` problem+json for a path no route serves. */
export function apiNotFound(req: Request): Response {
  const res = problem(new DomainError("not_found", "There is no such API path. The API is described at /api/v1/openapi.json."), newId("request"));
  return withApiHeaders(res, req);
}

/**
 * The handlers for every method the route does not serve (405 with `Allow`) and its OPTIONS
 * (204 with `Allow`), given the ones it serves.
 */
export function otherMethods<S extends Partial<Record<RouteMethod, unknown>>>(
  served: S,
): Record<Exclude<RouteMethod, keyof S> | "OPTIONS", Handler> {
  const names = ROUTE_METHODS.filter((m) => typeof served[m] === "function");
  const allow = allowHeader(names);
  const out: Record<string, Handler> = {};
  for (const m of ROUTE_METHODS) if (!names.includes(m)) out[m] = mark((req) => methodNotAllowed(req, allow));
  out.OPTIONS = mark(() => new Response(null, { status: 204, headers: { allow } }));
  return out as Record<Exclude<RouteMethod, keyof S> | "OPTIONS", Handler>;
}

/** Every method of the /api catch-all route: 404 `not_found` problem+json. */
export function notFoundMethods(): Record<RouteMethod | "HEAD" | "OPTIONS", Handler> {
  const h = mark((req) => apiNotFound(req));
  return { GET: h, HEAD: h, POST: h, PUT: h, PATCH: h, DELETE: h, OPTIONS: h };
}
