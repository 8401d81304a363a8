// Request interception (Next 16): pages that need a signed-in user or a brand admin, and the CORS
// preflight of /api/v1 (route handlers never see an OPTIONS preflight).
//
// The session is only read here, from its JWT cookie (the same decoder lib/http uses), never
// written. next-auth's `auth()` wrapper would re-issue the session cookie on every matched request,
// and a <Link> prefetch of /checkout still in flight while someone signs out would then put the
// session back (seen in e2e/auth.spec.ts). Sessions therefore last their fixed 30 days.
import { NextResponse, type NextRequest } from "next/server";
import { pageAccess, signInPath } from "./lib/auth/page-access";
import { readSessionCookie } from "./lib/auth/session-cookie";
import { httpConfig } from "./lib/http/config";
import { isPreflight, preflightResponse } from "./lib/http/cors";
import { newId } from "./lib/ids";

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const config = httpConfig();
  if (pathname.startsWith("/api/")) {
    return isPreflight(req) ? preflightResponse(req, config.allowedOrigins, newId("request")) : NextResponse.next();
  }
  const session = await readSessionCookie(req.headers.get("cookie"), config.authSecret);
  const decision = pageAccess(pathname, session);
  if (decision.action === "sign-in") {
    return NextResponse.redirect(new URL(signInPath(pathname + search), req.nextUrl));
  }
  if (decision.action === "forbidden") {
    const url = new URL("/forbidden", req.nextUrl);
    url.searchParams.set("from", pathname);
    return NextResponse.rewrite(url, { status: 403 });
  }
  return NextResponse.next();
}

export const config = {
  matcher: [
    "/dashboard/:path*",
    "/checkout/:path*",
    // Only preflights: every other API request goes straight to its route.
    { source: "/api/v1/:path*", has: [{ type: "header", key: "access-control-request-method" }] },
  ],
};
