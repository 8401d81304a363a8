// `npm start`: the whole product on one machine. Builds if the build is missing or older than
// the sources, migrates, seeds the demo data once (embedded default or SEED_DEMO=1 only), then
// runs `next start` in production mode — one process per core with PostgreSQL (scripts/serve.ts) —
// and prints where to go.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { serve, workerCount } from "./serve";

const root = process.cwd();
const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const port = Number(process.env.PORT ?? 3000);

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "widget", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package-lock.json", "postcss.config.mjs"];
  // public/widget.js is generated (scripts/build-widget.ts) and must exist before `next build`.
  if (!existsSync(path.join(root, "public", "widget.js"))) return true;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

/** AUTH_SECRET from the environment, else one generated once and kept under DATA_DIR. */
function authSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main() {
  const dataDir = process.env.DATA_DIR ?? ".data";
  process.env.AUTH_SECRET = authSecret(dataDir);
  process.env.AUTH_TRUST_HOST ??= "true";
  process.env.APP_URL ??= `http://localhost:${port}`;
  // The embedded default is a local setup: webhooks may go to a receiver on this machine.
  if (!process.env.DATABASE_URL) process.env.WEBHOOKS_ALLOW_LOCALHOST ??= "1";

  // Validates every variable now, before a long build.
  const { env } = await import("../lib/env");
  const embedded = !env.DATABASE_URL;

  if (buildIsStale()) {
    // The embeddable widget first: next build only serves files that are in public/ when it runs.
    const w = spawnSync(process.execPath, [require.resolve("tsx/cli"), path.join(root, "scripts", "build-widget.ts")], { stdio: "inherit", env: process.env });
    if (w.status !== 0) process.exit(w.status ?? 1);
    report("▸ Building the app (next build)…");
    const r = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }

  // Migrate and seed while no server holds the database (PGlite allows one process per folder).
  const { openDatabase, optionsFromEnv } = await import("../lib/db");
  const database = await openDatabase(optionsFromEnv(env));
  let seeded = false;
  try {
    if (embedded || env.SEED_DEMO) {
      const { seedDemo } = await import("../lib/demo/seed");
      seeded = (await seedDemo(database.db)).seeded;
    }
  } finally {
    await database.close();
  }

  // One process per core behind the port with PostgreSQL (WEB_CONCURRENCY to choose); PGlite
  // allows one process per data folder, so the embedded default runs one.
  const workers = embedded ? 1 : workerCount();
  serve({
    port,
    workers,
    onReady: () => announce({ embedded, seeded, showDemo: embedded || env.SEED_DEMO, dataDir, localMailbox: !env.RESEND_API_KEY, workers }),
  });
}

function announce(o: { embedded: boolean; seeded: boolean; showDemo: boolean; dataDir: string; localMailbox: boolean; workers: number }) {
  const url = `http://localhost:${port}`;
  const lines = [
    "",
    `  Discount platform is running at ${url}`,
    `    Dashboard   ${url}/dashboard`,
    `    Demo shop   ${url}/shop`,
    `    API docs    ${url}/docs/api`,
    ...(o.localMailbox ? [`    Mailbox     ${url}/dev/mailbox  (email is stored here; set RESEND_API_KEY to send it)`] : []),
    `    Health      ${url}/api/v1/health`,
  ];
  if (o.embedded) lines.push("", `  Embedded defaults: data in ${path.resolve(o.dataDir)} (PGlite).`);
  else lines.push("", `  ${o.workers} server process${o.workers === 1 ? "" : "es"} (WEB_CONCURRENCY).`);
  if (o.showDemo) {
    lines.push(
      "",
      `  Demo accounts (password demo1234)${o.seeded ? " — just created" : ""}:`,
      "    brand@example.com     admin of Acme Outfitters",
      "    brand2@example.com    admin of Northwind Supply",
      "    shopper@example.com   shopper",
    );
  }
  // Not through report(): its redaction would mask the demo accounts' addresses, and nothing here
  // is secret (the password is the demo's published one).
  process.stdout.write(lines.join("\n") + "\n\n");
}

main().catch((e: unknown) => {
  // Through the logger: a connection error can carry DATABASE_URL's credentials.
  log.fatal({ err: summarizeError(e) }, "npm start failed");
  process.exit(1);
});
