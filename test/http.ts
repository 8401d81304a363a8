// Real HTTP into our real route handlers, without Next's server: a node:http server on
// 127.0.0.1:0 that finds the App Router route modules under app/api (route.ts files on disk) and
// dispatches to them the way Next does — `[id]` segments become params, `/x` and `/x/` reach the
// same route, a method the module does not export is Next's bare 405 (routes export their own,
// lib/http/methods), HEAD runs GET, an OPTIONS the module does not export is Next's automatic 204
// with `Allow`, a method Next does not know is its bare 400; and proxy.ts's work comes first: a
// CORS preflight to /api/v1, a malformed %-escape in the path (lib/http/hostile).
// `dispatchRequest(new NextRequest(…))` does the same in-process, without a socket (fuzz tests).
//
//   const server = await startTestServer(testDeps(database));
//   const res = await fetch(`${server.url}/api/v1/auth/token`, { headers: { authorization: … } });
//   await server.close();
import "./node-resolve-next";
import { readdirSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import type { Database } from "../lib/db";
import { setDeps, type Deps } from "../lib/deps";
import { httpConfig, isPreflight, preflightResponse, setHttpConfig } from "../lib/http";
import { refuseHostileRequest } from "../lib/http/hostile";
import { allowHeader, isNotServedHandler } from "../lib/http/methods";
import { newId } from "../lib/ids";
import { TEST_AUTH_SECRET } from "./fixtures";
import { log, summarizeError } from "../lib/log";

const appDir = path.resolve(import.meta.dirname, "../app");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

type Segment =
  | { kind: "static"; value: string }
  | { kind: "param"; name: string }
  | { kind: "catchAll"; name: string; optional: boolean };

export interface ApiRoute {
  /** The route as its folder names it, e.g. `/api/v1/discountcode/[id]`. */
  pattern: string;
  /** The HTTP methods its module serves, e.g. `["GET", "POST"]` (not its lib/http/methods 405s). */
  methods: string[];
  /** Every method the module exports, the 405/404 answers of lib/http/methods included. */
  exported: string[];
  file: string;
}

interface LoadedRoute extends ApiRoute {
  segments: Segment[];
  module: Record<string, unknown>;
}

function findRouteFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...findRouteFiles(full));
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry)) out.push(full);
  }
  return out;
}

function parseSegments(file: string): { pattern: string; segments: Segment[] } {
  const parts = path.relative(appDir, path.dirname(file)).split(path.sep);
  const segments: Segment[] = [];
  const shown: string[] = [];
  for (const part of parts) {
    if (/^\(.*\)$/.test(part) || part.startsWith("@")) continue; // route groups, parallel slots
    shown.push(part);
    let m: RegExpExecArray | null;
    if ((m = /^\[\[\.\.\.(.+)\]\]$/.exec(part))) segments.push({ kind: "catchAll", name: m[1]!, optional: true });
    else if ((m = /^\[\.\.\.(.+)\]$/.exec(part))) segments.push({ kind: "catchAll", name: m[1]!, optional: false });
    else if ((m = /^\[(.+)\]$/.exec(part))) segments.push({ kind: "param", name: m[1]! });
    else segments.push({ kind: "static", value: part });
  }
  return { pattern: "/" + shown.join("/"), segments };
}

// Next prefers static segments over dynamic ones over catch-alls, segment by segment.
const rank = (s: Segment | undefined) =>
  !s ? 4 : s.kind === "static" ? 0 : s.kind === "param" ? 1 : s.kind === "catchAll" && !s.optional ? 2 : 3;
function bySpecificity(a: LoadedRoute, b: LoadedRoute): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const d = rank(a.segments[i]) - rank(b.segments[i]);
    if (d) return d;
  }
  return 0;
}

let loaded: Promise<LoadedRoute[]> | undefined;

function loadRoutes(): Promise<LoadedRoute[]> {
  loaded ??= (async () => {
    const routes: LoadedRoute[] = [];
    for (const file of findRouteFiles(path.join(appDir, "api"))) {
      const { pattern, segments } = parseSegments(file);
      const exports = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const exported = HTTP_METHODS.filter((m) => typeof exports[m] === "function");
      const methods = exported.filter((m) => !isNotServedHandler(exports[m]));
      routes.push({ pattern, methods, exported, file, segments, module: exports });
    }
    return routes.sort(bySpecificity);
  })();
  return loaded;
}

/** Every API route under app/api and the methods it exports (imports the route modules). */
export async function apiRoutes(): Promise<ApiRoute[]> {
  return (await loadRoutes()).map(({ pattern, methods, exported, file }) => ({ pattern, methods, exported, file }));
}

function match(route: LoadedRoute, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const seg = route.segments[i]!;
    if (seg.kind === "catchAll") {
      const rest = parts.slice(i);
      if (!rest.length && !seg.optional) return null;
      if (rest.length) params[seg.name] = rest;
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.kind === "static" && seg.value !== part) return null;
    if (seg.kind === "param") params[seg.name] = part;
  }
  return parts.length === route.segments.length ? params : null;
}

function toWebRequest(req: http.IncomingMessage, origin: string): NextRequest {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new NextRequest(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
}

async function writeResponse(res: http.ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body || head) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).on("error", reject).pipe(res).on("finish", resolve);
  });
}

/** Next's route matcher decodes each segment; one that does not decode is its DecodeError (a 500). */
function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`Next would answer 500: undecodable path segment ${JSON.stringify(part)}`);
  }
}

async function dispatch(routes: LoadedRoute[], request: NextRequest): Promise<Response> {
  const url = new URL(request.url);
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  // proxy.ts: CORS preflights for /api/v1, then what Next itself would fail on (lib/http/hostile).
  if (pathname.startsWith("/api/v1") && isPreflight(request)) {
    return preflightResponse(request, { allowed: httpConfig().allowedOrigins, requestId: newId("request") });
  }
  const refused = await refuseHostileRequest(request);
  if (refused) return refused;
  const parts = pathname.split("/").filter(Boolean).map(decodeSegment);
  for (const route of routes) {
    const params = match(route, parts);
    if (!params) continue;
    const method = request.method;
    // Next's route module: only the methods it knows (anything else is a bare 400).
    if (!(HTTP_METHODS as readonly string[]).includes(method)) return new Response(null, { status: 400 });
    let handler = route.module[method];
    if (!handler && method === "HEAD") handler = route.module.GET;
    if (!handler && method === "OPTIONS") {
      return new Response(null, { status: 204, headers: { allow: allowHeader(route.exported) } });
    }
    if (typeof handler !== "function") return new Response(null, { status: 405 });
    return (handler as (r: Request, c: { params: Promise<typeof params> }) => Promise<Response>)(request, {
      params: Promise.resolve(params),
    });
  }
  return new Response("Not found", { status: 404 });
}

/**
 * One request through the route modules in-process, as Next (and proxy.ts) would route it: what
 * the test server does without the socket. Install deps and config first (startTestServer does;
 * or setDeps + setHttpConfig).
 */
export async function dispatchRequest(request: NextRequest): Promise<Response> {
  return dispatch(await loadRoutes(), request);
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a test server over these ports (installed with setDeps; `deps.database` also answers
 * lib/db's getDatabase()) and the test AUTH_SECRET. One at a time per test file: close() it.
 */
export async function startTestServer(
  deps: Deps,
  opts: { allowedOrigins?: string[] } = {},
): Promise<TestServer> {
  setDeps(deps);
  // Routes that ask lib/db for the process's database directly (e.g. /api/v1/health) get the test
  // database too, never the developer's .data folder.
  const dbCache = globalThis as unknown as { __database?: Promise<Database> };
  const previousDatabase = dbCache.__database;
  dbCache.__database = Promise.resolve(deps.database);
  setHttpConfig({ authSecret: TEST_AUTH_SECRET, allowedOrigins: opts.allowedOrigins ?? [] });
  // next-auth's own route (/api/auth/*) reads AUTH_SECRET from the environment when auth.ts loads.
  process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
  const routes = await loadRoutes();
  const server = http.createServer((req, res) => {
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    void (async () => {
      try {
        const request = toWebRequest(req, origin);
        const response = await dispatch(routes, request);
        await writeResponse(res, response, req.method === "HEAD");
      } catch (e) {
        // What Next does with an exception that escapes a route handler.
        log.error({ err: summarizeError(e) }, "test server: unhandled route error");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      setDeps(undefined);
      setHttpConfig(undefined);
      dbCache.__database = previousDatabase;
    },
  };
}
