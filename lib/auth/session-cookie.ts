// Reads the next-auth session (an encrypted JWT) straight from a request's Cookie header, without
// next/headers, so the API pipeline runs the same under Next and in a plain node:http test server.
// The JWT's salt is the cookie's name: `authjs.session-token` over http, `__Secure-…` over https.
import { decode, encode } from "next-auth/jwt";
import { log } from "../log";

export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
export type SessionCookieName = (typeof SESSION_COOKIE_NAMES)[number];

/** The claims our next-auth config puts into the session JWT (see auth.config.ts). */
export interface SessionClaims {
  sub: string;
  role?: "shopper" | "brand";
  email?: string;
  name?: string;
  /**
   * The user's session version when the session was issued (auth.config.ts). A session older than
   * the user's current version (bumped by sign-out and password changes) is refused where the
   * account is loaded: lib/http/caller.ts for the API, auth.ts's jwt callback for pages. Sessions
   * issued before versions existed have none and count as version 0.
   */
  sv?: number;
}

/** Is a session issued at `claims.sv` still good for a user now at `current`? */
export function sessionIsCurrent(claims: { sv?: unknown }, current: number): boolean {
  const issuedAt = typeof claims.sv === "number" && Number.isInteger(claims.sv) ? claims.sv : 0;
  return issuedAt >= current;
}

function parseCookies(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/** The cookie's value, joined from next-auth's chunks (`name.0`, `name.1`, …) when it was split. */
function readChunked(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length ? chunks.join("") : undefined;
}

/** The session's claims, or null when there is no cookie or it does not decrypt/verify/has expired. */
export async function readSessionCookie(
  cookieHeader: string | null,
  secret: string | undefined,
): Promise<SessionClaims | null> {
  if (!cookieHeader || !secret) return null;
  const cookies = parseCookies(cookieHeader);
  for (const name of SESSION_COOKIE_NAMES) {
    const token = readChunked(cookies, name);
    if (!token) continue;
    try {
      const claims = await decode({ token, secret, salt: name });
      if (claims && typeof claims.sub === "string" && claims.sub) return claims as unknown as SessionClaims;
    } catch (e) {
      // Tampered, expired or encrypted with another secret: no session. Expected from stale or
      // junk cookies, so a debug line (the error's class only), never a stack trace.
      // `code` (jose's ERR_JWE_INVALID, ERR_JWT_EXPIRED…) survives minification; class names do not.
      const reason = (e as { code?: unknown } | null)?.code ?? (e instanceof Error ? e.name : typeof e);
      log.debug({ cookieName: name, reason }, "session cookie rejected");
    }
  }
  return null;
}

/** Encodes a session JWT the way next-auth does (tests and scripts sign in without a browser). */
export function encodeSessionToken(
  claims: SessionClaims,
  secret: string,
  opts: { name?: SessionCookieName; maxAgeSeconds?: number } = {},
): Promise<string> {
  return encode({
    token: { ...claims },
    secret,
    salt: opts.name ?? "authjs.session-token",
    maxAge: opts.maxAgeSeconds,
  });
}
