// The empty-route reference app (bench/run.ts). Nothing configured beyond what the product sets
// that changes how a route handler is served.
import path from "node:path";

/** @type {import('next').NextConfig} */
const nextConfig = {
  skipTrailingSlashRedirect: true,
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
};
export default nextConfig;
