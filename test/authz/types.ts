// The authorization matrix's vocabulary (test/authz-matrix.int.test.ts). Each API route/method has
// rows in a `test/authz/<area>.rows.ts` file; see accounts.rows.ts for an example.
import type { Db } from "../../lib/db";
import type { Deps } from "../../lib/deps";
import type { TestUser } from "../fixtures";

/** Who calls. Revoked and expired tokens belong to the brand admin: even the most privileged token stops working. */
export const personas = [
  "anonymous",
  "shopper",
  "otherShopper",
  "brandAdmin",
  "otherBrandAdmin",
  "revokedToken",
  "expiredToken",
] as const;
export type Persona = (typeof personas)[number];

/** The personas that are a user: each runs twice, with a bearer token and with a session cookie. */
export const userPersonas = ["shopper", "otherShopper", "brandAdmin", "otherBrandAdmin"] as const;
export type UserPersona = (typeof userPersonas)[number];

export interface World {
  url: string;
  db: Db;
  deps: Deps;
  /** shopper, otherShopper, brandAdmin (of brand A), otherBrandAdmin (of brand B). */
  users: Record<UserPersona, TestUser>;
  /** A string no other call of unique() returns (emails, codes). */
  unique(): string;
}

/** One cell: the persona, how it authenticates, and the headers that carry that. */
export interface As {
  persona: Persona;
  via: "token" | "session" | "none";
  /** The persona's user (revoked/expired tokens: the brand admin; anonymous: null). */
  user: TestUser | null;
  /** Authorization or Cookie, already set. */
  headers: Record<string, string>;
}

export interface RequestSpec {
  /** The concrete path; required when the route has [params]. Defaults to the route itself. */
  path?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead (next-auth's endpoints). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface AuthzRow {
  /** The route as apiRoutes() names it: the folder path, e.g. `/api/v1/discountcode/[id]`. */
  route: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The expected status for every persona (users calling with a bearer token). */
  expect: Record<Persona, number>;
  /** Where a user calling with a session cookie gets another status than with a token. */
  session?: Partial<Record<UserPersona, number>>;
  /** Builds the request of one cell; called afresh for each, so it may create what the cell needs. */
  request?: (world: World, as: As) => RequestSpec | Promise<RequestSpec>;
  /** What the row shows, in a few words (test name). */
  what?: string;
}

/** Shorthand: the same status for every persona. */
export function everyone(status: number): Record<Persona, number> {
  return Object.fromEntries(personas.map((p) => [p, status])) as Record<Persona, number>;
}

/** Shorthand: `anon`/`bad` (revoked/expired) for non-users, then per user persona. */
export function byPersona(o: { anonymous: number; badToken: number } & Record<UserPersona, number>): Record<Persona, number> {
  const { badToken, ...rest } = o;
  return { ...rest, revokedToken: badToken, expiredToken: badToken };
}
