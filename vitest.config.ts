import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run lib's server-only modules in Node, as the server does (its react-server build).
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    env: { SKIP_ENV_VALIDATION: "0", NEXT_TELEMETRY_DISABLED: "1" },
    // At the end of a run: the integration suites left out for want of TEST_DATABASE_URL/TEST_REDIS_URL.
    reporters: ["default", "./test/skipped-suites-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,app,components,scripts,test}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,app,components,scripts,test}/**/*.int.test.{ts,tsx}"],
          globalSetup: ["test/global-setup.ts"],
          // Real stores: generous limits so a slow or busy machine never fails a test on time alone.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: "forks",
        },
      },
    ],
  },
});
