// lib/http: the one request pipeline of every API route (see pipeline.ts).
import "server-only";
export type { Caller, RouteContext, RouteHandler } from "./types";
export { withPublic, withUser, withBrand, type RouteOptions } from "./pipeline";
export { json } from "./json";
export { problem, errorResponse, problemType } from "./problem";
export { bearerToken } from "./caller";
export { MAX_BODY_BYTES } from "./input";
export { httpConfig, setHttpConfig, type HttpConfig } from "./config";
export { corsHeaders, isPreflight, preflightResponse } from "./cors";
