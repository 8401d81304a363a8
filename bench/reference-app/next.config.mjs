// The empty-route reference app (bench/run.ts). bench/run.ts builds it in a folder of its own
// outside the project, with the project's node_modules linked in: built inside the project, Next
// takes the project's instrumentation.ts for its own (the reference would open the database and
// run the outbox worker). Turbopack's root is the filesystem's so that link may point anywhere.

/** @type {import('next').NextConfig} */
const nextConfig = {
  skipTrailingSlashRedirect: true,
  turbopack: { root: "/" },
};
export default nextConfig;
