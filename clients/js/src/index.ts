// @discounts/client — a typed client for the Discounts API (API.md): the request and response
// types are generated from the API's OpenAPI document (src/schema.d.ts, `npm run client:generate`)
// and the calls are openapi-fetch's, so a path, a body or a field that the API does not have is a
// type error. `createDiscountsClient` returns the openapi-fetch client itself (GET, POST, … by the
// API's paths); the few helpers below are what every storefront needs around it.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, operations, paths } from "./schema";

type Schemas = components["schemas"];
export type Code = Schemas["Code"];
export type Redemption = Schemas["Redemption"];
export type Order = Schemas["Order"];
export type Cart = Schemas["Cart"];
export type CartLine = Schemas["CartLine"];
export type Pricing = Schemas["Pricing"];
export type Rule = Schemas["Rule"];
export type User = Schemas["User"];
export type Problem = Schemas["Problem"];

export type DiscountsClient = Client<paths>;

export interface DiscountsClientOptions {
  /** The platform's origin, e.g. "https://discounts.example.com" (the paths start with /api/v1). */
  baseUrl: string;
  /** An API token from POST /api/v1/auth/token, sent as `Authorization: Bearer …`; no cookies are sent then. */
  token?: string | null;
  /**
   * Without a token the browser's session cookie is the credential: "same-origin" (the default,
   * for pages of the platform itself) or "include".
   */
  credentials?: RequestCredentials;
  /** Another fetch implementation (a server runtime, a test). */
  fetch?: (input: Request) => Promise<Response>;
}

/** The openapi-fetch client for the Discounts API, authenticated by a bearer token or the session cookie. */
export function createDiscountsClient(o: DiscountsClientOptions): DiscountsClient {
  return createClient<paths>({
    baseUrl: o.baseUrl,
    credentials: o.token ? "omit" : (o.credentials ?? "same-origin"),
    headers: { accept: "application/json", ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}

/**
 * A code's public id: the lowercase hex SHA-256 of the code trimmed and upper-cased (API.md), so
 * GET /api/v1/discountcode/{id} keeps the code itself out of URLs and logs. Where WebCrypto is
 * missing (a page that is not a secure context) it is the normalised code, which the API accepts too.
 */
export async function codeIdOf(code: string): Promise<string> {
  const normalised = code.trim().toUpperCase();
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return normalised;
  const digest = await subtle.digest("SHA-256", new TextEncoder().encode(normalised));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fresh `Idempotency-Key` for one redemption attempt: a retry of that attempt reuses it and can never redeem twice. */
export function idempotencyKey(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `dk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Seconds to wait before trying again after a 429 or 503: the `Retry-After` header (every such
 * answer has it, and it is exposed to other origins through CORS), else the problem's `retryAfter`.
 */
export function retryAfterOf(response: Response, problem?: { retryAfter?: unknown } | null): number | undefined {
  const s = Number(response.headers.get("retry-after")) || Number(problem?.retryAfter);
  return Number.isFinite(s) && s > 0 ? s : undefined;
}
