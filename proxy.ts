// Request interception (Next 16): every page's Content-Security-Policy (a fresh nonce per
// request, lib/http/security-headers.ts), pages that need a signed-in user or a brand admin, and
// the CORS preflight of /api/v1 (route handlers never see an OPTIONS preflight).
//
// The session is only read here, from its JWT cookie (the same decoder lib/http uses), never
// written. next-auth's `auth()` wrapper would re-issue the session cookie on every matched request,
// and a <Link> prefetch of /checkout still in flight while someone signs out would then put the
// session back (seen in e2e/auth.spec.ts). Sessions therefore last their fixed 30 days — unless
// revoked: this proxy cannot reach the database, so the page guard is cookie-only and a revoked
// session (sign-out, password change) is refused where the account is loaded (auth.ts's jwt
// callback for pages, lib/http/caller.ts for the API).
import { NextResponse, type NextRequest } from "next/server";
import { isProtectedPage, pageAccess, signInPath } from "./lib/auth/page-access";
import { readSessionCookie } from "./lib/auth/session-cookie";
import { env } from "./lib/env";
import { httpConfig } from "./lib/http/config";
import { isPreflight, preflightResponse } from "./lib/http/cors";
import { refuseHostileRequest } from "./lib/http/hostile";
import { contentSecurityPolicy, HSTS_VALUE, newNonce, servedOverHttps } from "./lib/http/security-headers";
import { newId } from "./lib/ids";

export async function proxy(req: NextRequest) {
  const refused = await refuseHostileRequest(req); // malformed %-escapes, broken multipart: 400, not Next's 500
  if (refused) return refused;
  const { pathname, search } = req.nextUrl;
  const config = httpConfig();
  if (pathname.startsWith("/api/")) {
    return isPreflight(req) ? preflightResponse(req, { allowed: config.allowedOrigins, requestId: newId("request") }) : NextResponse.next();
  }
  // The page's CSP goes on the request too: Next takes the nonce from there for its scripts.
  const nonce = newNonce();
  const https = servedOverHttps(req.headers, env.APP_URL);
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const request = { headers: new Headers(req.headers) };
  request.headers.set("x-nonce", nonce);
  request.headers.set("content-security-policy", csp);
  const secured = (res: NextResponse) => {
    res.headers.set("content-security-policy", csp);
    if (https) res.headers.set("strict-transport-security", HSTS_VALUE);
    return res;
  };

  const session = isProtectedPage(pathname) ? await readSessionCookie(req.headers.get("cookie"), config.authSecret) : null;
  const decision = pageAccess(pathname, session);
  if (decision.action === "sign-in") {
    return secured(NextResponse.redirect(new URL(signInPath(pathname + search), req.nextUrl)));
  }
  if (decision.action === "forbidden") {
    const url = new URL("/forbidden", req.nextUrl);
    url.searchParams.set("from", pathname);
    return secured(NextResponse.rewrite(url, { status: 403, request }));
  }
  return secured(NextResponse.next({ request }));
}

export const config = {
  matcher: [
    // Every page (for its CSP); not the API, Next's static files or the public files (widget.js).
    "/((?!api/|_next/static|_next/image|favicon.ico|widget.js).*)",
    // Only preflights: every other API request goes straight to its route.
    { source: "/api/v1/:path*", has: [{ type: "header", key: "access-control-request-method" }] },
    // lib/http/hostile: paths with a %-escape; multipart bodies and server-action calls (their bodies).
    "/:path(.*%.*)",
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
  ],
};
