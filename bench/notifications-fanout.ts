// The announcement fan-out inside the real server: seeds N shoppers, starts `npm start` (the
// in-process outbox worker, the local mailbox), creates a code over the API and measures how long
// until the last shopper's email is in the mailbox — and how /api/v1/health answers meanwhile.
// Then counts the mailbox: every shopper exactly once.
//   npx tsx bench/notifications-fanout.ts                         (PGlite, SHOPPERS=10000, PORT=3124)
//   BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npx tsx bench/notifications-fanout.ts
// Hold the build lock if others build in this tree: `npm start` rebuilds when sources changed.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, countDistinct } from "drizzle-orm";
import { openDatabase, optionsFromEnv, type Database } from "../lib/db";
import { mailboxMessages, users } from "../lib/db/schema";
import { seedDemo } from "../lib/demo/seed";
import { newId } from "../lib/ids";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";

const SHOPPERS = Number(process.env.SHOPPERS ?? 10_000);
const PORT = Number(process.env.PORT ?? 3124);
const base = `http://127.0.0.1:${PORT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `n=${s.length} median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
}

async function healthLatencies(until: () => boolean, max = Infinity): Promise<number[]> {
  const out: number[] = [];
  while (!until() && out.length < max) {
    const t = performance.now();
    await fetch(`${base}/api/v1/health`).then((r) => r.arrayBuffer());
    out.push(performance.now() - t);
    await sleep(20);
  }
  return out;
}

async function main() {
  let env: Record<string, string>;
  let dropDb = async () => {};
  let dataDir: string | undefined;
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    const { default: postgres } = await import("postgres");
    const sqlAdmin = postgres(admin, { max: 1, onnotice: () => {} });
    const name = `bench_fanout_${randomBytes(4).toString("hex")}`;
    await sqlAdmin.unsafe(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString(), SEED_DEMO: "1" };
    dropDb = async () => {
      await sqlAdmin.unsafe(`drop database if exists ${name} with (force)`);
      await sqlAdmin.end();
    };
  } else {
    dataDir = path.join(os.tmpdir(), `bench-fanout-${process.pid}`);
    env = { DATA_DIR: dataDir };
  }
  const open = (): Promise<Database> => openDatabase(optionsFromEnv({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR ?? ".data" }));

  // Seed while no server holds the database.
  let database = await open();
  await seedDemo(database.db);
  const shoppers = Array.from({ length: SHOPPERS }, (_, i) => ({ id: newId("user"), email: `bench${i}@shoppers.test`, name: `Bench ${i}` }));
  for (let i = 0; i < shoppers.length; i += 1000) await database.db.insert(users).values(shoppers.slice(i, i + 1000));
  const last = [...shoppers].sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1)!;
  await database.close();

  const server = spawn("npx", ["tsx", "scripts/start.ts"], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, ...env, PORT: String(PORT), APP_URL: base, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const stopServer = async () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {}
    await sleep(1500);
  };
  try {
    for (let i = 0; ; i++) {
      if (i > 1200) throw new Error("the server did not start");
      const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(250);
    }
    report(`engine: ${admin ? "postgres" : "pglite"}, shoppers: ${SHOPPERS} (+1 demo shopper)`);
    report(`health, idle:           ${stats(await healthLatencies(() => false, 50))}`);

    const login = await fetch(`${base}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "brand@example.com", password: "demo1234" }),
    });
    const { token } = (await login.json()) as { token: string };
    let done = false;
    const t0 = performance.now();
    const created = await fetch(`${base}/api/v1/discountcode/`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ code: `BENCH${Date.now().toString(36)}`.toUpperCase(), discount: 10, validUntil: new Date(Date.now() + 864e6).toISOString() }),
    });
    const createMs = performance.now() - t0;
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    const during = healthLatencies(() => done);
    for (;;) {
      const r = await fetch(`${base}/api/dev/mailbox?to=${encodeURIComponent(last.email)}`);
      if ((((await r.json()) as { data: unknown[] }).data ?? []).length > 0) break;
      await sleep(200);
    }
    const fanoutMs = performance.now() - t0;
    done = true;
    report(`POST /discountcode:     ${createMs.toFixed(0)} ms (the fan-out runs after the answer)`);
    report(`fan-out:                ${(fanoutMs / 1000).toFixed(1)} s to the last shopper (${Math.round(SHOPPERS / (fanoutMs / 1000))} emails/s)`);
    report(`health, during fan-out: ${stats(await during)}`);
  } finally {
    await stopServer();
  }

  database = await open();
  const [row] = await database.db.select({ n: count(), distinct: countDistinct(mailboxMessages.to) }).from(mailboxMessages);
  report(`mailbox: ${row!.n} emails to ${row!.distinct} distinct recipients (expected ${SHOPPERS + 1} and ${SHOPPERS + 1})`);
  await database.close();
  await dropDb();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log.error({ err: summarizeError(e) }, "notifications-fanout.ts failed");
    process.exit(1);
  },
);
