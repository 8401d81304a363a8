// `npm run db:migrate`: apply drizzle/ migrations to DATABASE_URL, or to the embedded PGlite
// (stop the server first: one process per PGlite folder).
import { env } from "../lib/env";
import { openDatabase, optionsFromEnv } from "../lib/db";
import { report } from "../lib/log/report";

const database = await openDatabase(optionsFromEnv(env));
await database.close();
report(`Migrated the ${database.kind} database.`);
