// The API route wrapper: every /api route is `export const POST = withUser({ body }, handler)`.
// A request goes through small steps, in this order:
//   request id → deps → caller (bearer or session) → role guard → query → body → handler
// and every answer (also an error) leaves with `x-request-id`, CORS headers and `no-store`.
// Authentication runs before input validation: an anonymous caller learns nothing about a schema.
import type { ZodType } from "zod";
import { getDeps, type Deps } from "../deps";
import { DomainError } from "../errors";
import { newId } from "../ids";
import { logRequest, redact } from "../log";
import { httpConfig } from "./config";
import { corsHeaders } from "./cors";
import { resolveCaller, type CallerResolution } from "./caller";
import { queryObject, readJsonBody, validate } from "./input";
import { errorResponse } from "./problem";
import { isSafeSingleLine } from "./text";
import type { Caller, RouteContext, RouteHandler } from "./types";

export interface RouteOptions<B, Q> {
  /** Schema of the JSON body; omit for routes without one (the body is then not read). */
  body?: ZodType<B>;
  /** Schema of the query string (values are strings, or arrays for repeated keys). */
  query?: ZodType<Q>;
}

type Guard<A> = (resolved: CallerResolution) => A;

// --- guards: what a route needs of its caller ----------------------------------------------------

const anyone: Guard<{ caller: Caller | null }> = ({ caller }) => ({ caller });

const signedIn: Guard<{ caller: Caller }> = ({ caller, failure }) => {
  if (failure) throw failure;
  if (!caller) throw new DomainError("unauthorized", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
  return { caller };
};

const brandAdmin: Guard<{ caller: Caller; brand: { id: string; name: string } }> = (resolved) => {
  const { caller } = signedIn(resolved);
  const brand = caller.user.role === "brand" ? caller.brands[0] : undefined;
  if (!brand) throw new DomainError("forbidden", "Only a brand's admins may do this.");
  return { caller, brand };
};

// --- steps ---------------------------------------------------------------------------------------

// Next hands params over already decoded (a malformed %-escape never gets here: lib/http/hostile);
// a decoded segment with a control character or a lone surrogate is refused before any lookup.
function routeParams(raw: Record<string, string | string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const value = Array.isArray(v) ? v.join("/") : v;
    if (!isSafeSingleLine(value)) {
      throw new DomainError("bad_request", "A URL path segment contains control characters or invalid Unicode.");
    }
    out[k] = value;
  }
  return out;
}

async function readInput<B, Q>(req: Request, opts: RouteOptions<B, Q>): Promise<{ body: B; query: Q }> {
  const query = opts.query ? validate(opts.query, { input: queryObject(new URL(req.url)), what: "query" }) : undefined;
  const body = opts.body ? validate(opts.body, { input: await readJsonBody(req), what: "body" }) : undefined;
  return { body: body as B, query: query as Q };
}

/**
 * The route as its folder names it, for the request's log line: each path segment that is a route
 * param's value becomes `[name]` (a code's id, a token's id never reach the log), and anything
 * left that looks like a secret is masked. The query string is never logged.
 */
export function routeLabel(pathname: string, params: Record<string, string | string[]> | undefined): string {
  const names = new Map<string, string>();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (Array.isArray(v)) v.forEach((one) => names.set(one, `[...${k}]`));
    else names.set(v, `[${k}]`);
  }
  let previous = "";
  const segments = pathname.split("/").flatMap((segment) => {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // A malformed escape stays as it was (and is masked below if it looks like a secret).
    }
    const name = names.get(decoded);
    if (name && name === previous && name.startsWith("[...")) return []; // a catch-all's later parts
    previous = name ?? "";
    return [name ?? segment];
  });
  return redact(segments.join("/"));
}

/**
 * Request id, CORS and caching headers on the way out. Set on the answer itself: the handlers'
 * answers (json(), problem(), new Response) have mutable headers, and re-wrapping every body in a
 * new Response ran the Web Streams machinery a second time per request (issue 11). Only an answer
 * whose headers are immutable (a fetched Response, Response.redirect) is copied.
 */
function finalize(res: Response, { req, pathname, requestId, allowedOrigins }: { req: Request; pathname: string; requestId: string; allowedOrigins: string[] }): Response {
  const set = (headers: Headers) => {
    headers.set("x-request-id", requestId);
    if (pathname.startsWith("/api/v1")) {
      for (const [k, v] of Object.entries(corsHeaders(req.headers.get("origin"), allowedOrigins))) headers.set(k, v);
    }
    if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  };
  try {
    set(res.headers);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    set(headers);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

function route<B, Q, A>(
  opts: RouteOptions<B, Q>,
  guard: Guard<A>,
  handler: (ctx: RouteContext<B, Q> & A) => Promise<Response>,
): RouteHandler {
  return async (req, ctx) => {
    const started = performance.now();
    const requestId = newId("request");
    const config = httpConfig();
    let res: Response;
    let rawParams: Record<string, string | string[]> | undefined;
    try {
      const deps: Deps = await getDeps();
      rawParams = await ctx?.params;
      const params = routeParams(rawParams);
      const access = guard(await resolveCaller(req, { deps, authSecret: config.authSecret }));
      const { body, query } = await readInput(req, opts);
      res = await handler({ req, requestId, params, body, query, deps, ...access });
    } catch (e) {
      res = errorResponse(e, { requestId, req });
    }
    const pathname = new URL(req.url).pathname;
    const out = finalize(res, { req, pathname, requestId, allowedOrigins: config.allowedOrigins });
    logRequest({
      requestId,
      method: req.method,
      route: routeLabel(pathname, rawParams),
      status: out.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return out;
  };
}

// --- the three wrappers --------------------------------------------------------------------------

/** Anyone. `caller` is the signed-in user or null (an invalid bearer token counts as no caller). */
export function withPublic<B = undefined, Q = undefined>(
  opts: RouteOptions<B, Q>,
  handler: (ctx: RouteContext<B, Q> & { caller: Caller | null }) => Promise<Response>,
): RouteHandler {
  return route(opts, anyone, handler);
}

/** Any signed-in user (session or token); 401 `unauthorized`/`invalid_token` otherwise. */
export function withUser<B = undefined, Q = undefined>(
  opts: RouteOptions<B, Q>,
  handler: (ctx: RouteContext<B, Q> & { caller: Caller }) => Promise<Response>,
): RouteHandler {
  return route(opts, signedIn, handler);
}

/** A brand's admin: 401 without a caller, 403 `forbidden` for anyone else; `brand` is theirs. */
export function withBrand<B = undefined, Q = undefined>(
  opts: RouteOptions<B, Q>,
  handler: (ctx: RouteContext<B, Q> & { caller: Caller; brand: { id: string; name: string } }) => Promise<Response>,
): RouteHandler {
  return route(opts, brandAdmin, handler);
}
