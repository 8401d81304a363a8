// One database module, two engines: postgres.js against DATABASE_URL, or embedded PGlite under
// DATA_DIR. The same drizzle-kit migrations run on both.
import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { watchedSockets, withQueryDeadline } from "./watchdog";

export { schema };
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: what `db.transaction(fn)` hands `fn`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a database or a transaction: what repository functions accept. */
export type DbOrTx = Db | Tx;

/**
 * Runs a raw statement (one the query builder cannot express: data-modifying CTEs, unnest inserts)
 * and returns its rows, whichever driver ran it — postgres.js answers an array, PGlite `{ rows }`.
 */
export async function executeRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  ping(): Promise<void>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` (from any process on this database), and
   * `onListening` each time the listening connection is (re)established — notifications sent while
   * it was down are lost, so a cache should start over then. Resolves once listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListening?: () => void): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "drizzle");

/**
 * How long the pool waits on PostgreSQL before giving up, so a request never waits more than ~3 s
 * on a dead, unreachable or black-holed database (each failure answers 503, lib/http/problem.ts):
 * - connectMs: the TCP connect and startup handshake (postgres.js `connect_timeout`);
 * - statementMs: server-side `statement_timeout` — a slow statement is cancelled (57014);
 * - stallMs: a connection that sent a query and heard nothing for this long is destroyed
 *   (lib/db/watchdog.ts: the one bound on a black-holed connection, which the server never sees);
 *   above statementMs, so the server cancels a slow statement before the client cuts it;
 * - queryMs: a query's whole wait, its wait for a connection included (withQueryDeadline): in an
 *   outage postgres.js queues queries behind connection attempts, and the queue only grows;
 * - reconnectMs: the delay before reconnecting after a failed connection. postgres.js reconnects
 *   lazily, on the next query, after a backoff that grows to 20 s with consecutive failures;
 *   held at 0–50 ms (one attempt per waiting query, never a loop), a refused connection fails its
 *   query at once and the first query after the database returns gets through.
 * Idle connections close after a minute and every connection is recycled after ~30 min (spread,
 * so a pool never reconnects all at once; a failover's new address is picked up).
 */
export const POOL_TIMEOUTS = { connectMs: 2_000, statementMs: 2_500, stallMs: 3_000, queryMs: 3_000, reconnectMs: 50, idleS: 60, lifetimeS: 30 * 60 };
export type PoolTimeouts = typeof POOL_TIMEOUTS;

export type OpenOptions =
  | { kind: "postgres"; url: string; max?: number; migrate?: boolean; timeouts?: Partial<PoolTimeouts> }
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
    const t = { ...POOL_TIMEOUTS, ...opts.timeouts };
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connect_timeout: t.connectMs / 1000,
      idle_timeout: t.idleS,
      max_lifetime: () => t.lifetimeS * (0.75 + Math.random() / 2),
      backoff: () => (t.reconnectMs * Math.random()) / 1000,
      keep_alive: 10,
      socket: watchedSockets(t.stallMs),
      connection: { statement_timeout: t.statementMs, idle_in_transaction_session_timeout: 10_000 },
    } as unknown as Parameters<typeof postgres>[1]);
    const db = drizzle({ client: withQueryDeadline(client, t.queryMs), schema }) as unknown as Db;
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
      // postgres.js keeps one connection for all of a client's listeners and reconnects it itself.
      listen: async (channel, onPayload, onListening) => void (await client.listen(channel, onPayload, onListening)),
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
    listen: async (channel, onPayload, onListening) => {
      await client.listen(channel, onPayload);
      onListening?.();
    },
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
