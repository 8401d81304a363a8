// Environment variables are validated by lib/env.ts when the server starts (instrumentation.ts)
// and by scripts/start.ts before a build; next.config stays plain ESM so Node 20 can load it.

// Security headers on every response: pages, API answers, static files and /widget.js alike. The
// Content-Security-Policy (with its per-request nonce) is proxy.ts's, on pages only.
// X-Frame-Options DENY mirrors the CSP's frame-ancestors 'none' for browsers without CSP 2; the
// embeddable widget is a script, never a frame, so nothing of ours needs framing.
export const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // API.md: `/x` and `/x/` reach the same handler, no 308.
  skipTrailingSlashRedirect: true,
  // PGlite ships WASM + data files that must not be bundled (prerendering fails otherwise).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  async headers() {
    // HSTS only over https: always when the public URL is https (read at build), else when a
    // TLS-terminating proxy says so; browsers ignore it over http anyway, but it must not lie.
    const appHttps = (process.env.APP_URL ?? "").startsWith("https:");
    return [
      { source: "/:path*", headers: appHttps ? [...securityHeaders, HSTS] : securityHeaders },
      ...(appHttps
        ? []
        : [{ source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https.*" }], headers: [HSTS] }]),
    ];
  },
};

export default nextConfig;
