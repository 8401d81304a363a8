// The Content-Security-Policy of every page (set by proxy.ts with a fresh nonce per request) and
// the test for "served over https" that decides HSTS. The static headers every response carries
// (X-Frame-Options, Referrer-Policy, nosniff, HSTS behind https) live in next.config.mjs.
//
// Scripts: only those carrying this request's nonce, and what they load ('strict-dynamic'): Next
// reads the nonce from the request's CSP header and puts it on its own scripts while rendering
// (every page is dynamic: the root layout reads the session). Styles allow 'unsafe-inline':
// recharts and Scalar (the API reference) write style attributes and <style> elements, and the
// mailbox shows emails' own inline CSS; a nonce in style-src would switch 'unsafe-inline' off.
// The widget (/widget.js) is a script other sites include, not a frame: frame-ancestors 'none'
// does not touch it.

/** A fresh, unguessable nonce (128 random bits, base64). Web Crypto: proxy.ts may run on the edge. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean; https?: boolean } = {}): string {
  const directives = [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (local runs) an upgrade would point every asset at a port that speaks no TLS.
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Served over https: said by a TLS-terminating proxy in front, or the app's public URL is https. */
export function servedOverHttps(headers: Headers, appUrl: string | undefined): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || (!!appUrl && appUrl.startsWith("https:"));
}

/** max-age of two years, the HSTS preload list's requirement. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";
