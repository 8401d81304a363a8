// The types every API route is written against (see pipeline.ts).
import type { Deps } from "../deps";

export interface Caller {
  user: { id: string; seq: number; email: string; name: string; role: "shopper" | "brand" };
  /** The brands the user administers (brand users: exactly one). */
  brands: { id: string; name: string }[];
  /** Where the credentials came from: the next-auth session cookie or an API bearer token. */
  via: "session" | "token";
  /** The API token's id when `via` is "token". */
  tokenId?: string;
}

export interface RouteContext<B, Q> {
  req: Request;
  /** Also sent as the `x-request-id` response header and logged with any unexpected error. */
  requestId: string;
  /** Dynamic route segments (`[id]` → `params.id`); catch-all segments joined with "/". */
  params: Record<string, string>;
  /** The parsed, validated JSON body (undefined when the route declares no body schema). */
  body: B;
  /** The parsed, validated query string (undefined when the route declares no query schema). */
  query: Q;
  deps: Deps;
}

/** What an App Router route module exports as GET/POST/…: `(request, { params }) => Response`. */
export type RouteHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;
