// The databases an integration suite runs on: PGlite always, real PostgreSQL when
// TEST_DATABASE_URL is set (always in CI). Each `open()` returns a fresh, migrated database.
//
//   describe.each(testDatabases())("codes on $name", ({ open }) => { … })
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database } from "../lib/db";
import { hasStores } from "./skipped-suites";

export interface TestDatabase {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: "pglite", open: openPglite }];
  if (hasStores("the PostgreSQL variant", ["postgres"])) list.push({ name: "postgres", open: openPostgres });
  return list;
}

async function openPglite(): Promise<Database> {
  const tar = readFileSync(inject("pgliteTemplate"));
  return openDatabase({ kind: "pglite", loadDataDir: new Blob([tar]), migrate: false });
}

/** A new database cloned from the migrated template; dropped again on close(). */
async function openPostgres(): Promise<Database> {
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ kind: "postgres", url, migrate: false });
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** The connection string of a fresh database (for tests that start their own app instances). */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const tpl = inject("postgresTemplate");
  if (!tpl) throw new Error("TEST_DATABASE_URL is not set");
  const { default: postgres } = await import("postgres");
  const admin = postgres(tpl.adminUrl, { max: 1, onnotice: () => {} });
  const name = `discounts_t_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name} template ${tpl.template}`);
  const url = new URL(tpl.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
