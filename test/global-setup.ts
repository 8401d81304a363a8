// Integration suites run on real stores. Once per run: migrate a PGlite template (each test file
// starts from its dump, ~0.7 s instead of ~2.4 s) and, when TEST_DATABASE_URL is set, a template
// database on the real PostgreSQL that each file clones. In CI those servers are required:
// a missing TEST_DATABASE_URL/TEST_REDIS_URL or an unreachable server fails the run.
// Elsewhere a suite that needs one asks test/skipped-suites.ts, and the run ends with the list of
// what was skipped and which variable would run it (test/skipped-suites-reporter.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../lib/db";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: { adminUrl: string; template: string } | null;
    redisUrl: string | null;
  }
}

const inCi = process.env.CI === "true" || process.env.CI === "1";

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "discounts-test-"));
  const pglite = await openDatabase({ kind: "pglite" });
  // `$client` is the PGlite instance under the drizzle wrapper.
  const client = (pglite.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  const templateFile = path.join(dir, "pglite-template.tar");
  writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteTemplate", templateFile);

  const pgUrl = process.env.TEST_DATABASE_URL;
  if (!pgUrl && inCi) throw new Error("CI must run the PostgreSQL suites: set TEST_DATABASE_URL.");
  let dropTemplate = async () => {};
  if (pgUrl) {
    const { default: postgres } = await import("postgres");
    const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
    const template = `discounts_tpl_${process.pid}_${Date.now()}`;
    await admin.unsafe(`create database ${template}`);
    const url = new URL(pgUrl);
    url.pathname = `/${template}`;
    const migrated = await openDatabase({ kind: "postgres", url: url.toString(), max: 1 });
    await migrated.close();
    project.provide("postgresTemplate", { adminUrl: pgUrl, template });
    dropTemplate = async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end({ timeout: 5 });
    };
  } else {
    project.provide("postgresTemplate", null);
  }

  const redisUrl = process.env.TEST_REDIS_URL ?? null;
  if (!redisUrl && inCi) throw new Error("CI must run the Redis suites: set TEST_REDIS_URL.");
  if (redisUrl) {
    const { Redis } = await import("ioredis");
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  }
  project.provide("redisUrl", redisUrl);

  return async () => {
    await dropTemplate();
    rmSync(dir, { recursive: true, force: true });
  };
}
