// `npm run db:seed`: the demo data, on the embedded default or with SEED_DEMO=1.
import { env } from "../lib/env";
import { openDatabase, optionsFromEnv } from "../lib/db";
import { seedDemo } from "../lib/demo/seed";
import { report, reportError } from "../lib/log/report";

if (env.DATABASE_URL && !env.SEED_DEMO) {
  reportError("Refusing to seed demo accounts with known passwords into DATABASE_URL; set SEED_DEMO=1 to insist.");
  process.exit(1);
}
const database = await openDatabase(optionsFromEnv(env));
try {
  const { seeded } = await seedDemo(database.db);
  report(seeded ? "Seeded the demo data." : "Demo data already present.");
} finally {
  await database.close();
}
