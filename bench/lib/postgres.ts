// A throwaway database on a PostgreSQL server for a bench: created empty, migrated on open, and
// dropped (with its connections) by drop(). The benches never touch an existing database.
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "../../lib/db";

export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";

export interface ThrowawayDatabase {
  /** The new database's URL. */
  url: string;
  database: Database;
  /** Closes `database` and drops the database. */
  drop(): Promise<void>;
}

export async function openThrowawayDatabase(opts: { adminUrl?: string; max?: number } = {}): Promise<ThrowawayDatabase> {
  const adminUrl = opts.adminUrl ?? BENCH_PG_URL;
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `discounts_bench_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), max: opts.max ?? 10 });
  return {
    url: url.toString(),
    database,
    drop: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
