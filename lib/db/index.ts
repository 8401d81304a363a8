// One database module, two engines: postgres.js against DATABASE_URL, or embedded PGlite under
// DATA_DIR. The same drizzle-kit migrations run on both.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export { schema };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: what `db.transaction(fn)` hands `fn`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a database or a transaction: what repository functions accept. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "drizzle");

export type OpenOptions =
  | { kind: "postgres"; url: string; max?: number; migrate?: boolean }
  | {
      kind: "pglite";
      /** A folder to persist to; omit for an in-memory database. */
      dataDir?: string;
      /** A tarball from `dumpDataDir()` to start from (tests: a migrated template). */
      loadDataDir?: Blob | File;
      migrate?: boolean;
    };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzle({ client, schema }) as unknown as Db;
    if (opts.migrate ?? true) {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      // Concurrent starters (several app instances) must not migrate at once: a one-connection
      // client holds a session advisory lock while it migrates.
      const one = postgres(opts.url, { max: 1, onnotice: () => {} });
      try {
        await one`select pg_advisory_lock(7270001)`;
        await migrate(drizzle({ client: one }), { migrationsFolder });
      } finally {
        await one.end({ timeout: 5 });
      }
    }
    return {
      db,
      kind: "postgres",
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => client.end({ timeout: 5 }),
    };
  }

  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let release = () => {};
  if (opts.dataDir) {
    const dir = path.resolve(opts.dataDir);
    mkdirSync(path.dirname(dir), { recursive: true });
    const { lockDataDir } = await import("./lock");
    release = lockDataDir(dir);
  }
  let client;
  try {
    client = await PGlite.create({
      ...(opts.dataDir ? { dataDir: path.resolve(opts.dataDir) } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  if (opts.migrate ?? true) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(drizzle({ client }), { migrationsFolder });
  }
  return {
    db,
    kind: "pglite",
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** The options the environment asks for: DATABASE_URL, else PGlite under DATA_DIR. */
export function optionsFromEnv(e: { DATABASE_URL?: string; DATA_DIR: string }): OpenOptions {
  return e.DATABASE_URL
    ? { kind: "postgres", url: e.DATABASE_URL }
    : { kind: "pglite", dataDir: path.join(e.DATA_DIR, "pglite") };
}

const cache = globalThis as unknown as { __database?: Promise<Database> };

/** The process's database, opened (and migrated) lazily on first use, once. */
export function getDatabase(): Promise<Database> {
  if (!cache.__database) {
    cache.__database = import("../env").then(({ env }) => openDatabase(optionsFromEnv(env)));
    cache.__database.catch(() => {
      cache.__database = undefined; // let the next request try again
    });
  }
  return cache.__database;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
