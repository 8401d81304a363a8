// Environment variables are validated by lib/env.ts when the server starts (instrumentation.ts)
// and by scripts/start.ts before a build; next.config stays plain ESM so Node 20 can load it.

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // API.md: `/x` and `/x/` reach the same handler, no 308.
  skipTrailingSlashRedirect: true,
  // PGlite ships WASM + data files that must not be bundled (prerendering fails otherwise).
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
};

export default nextConfig;
