// One app instance in a process of its own — the real route modules behind test/http.ts's server,
// on PostgreSQL and the Upstash ledger — for tests that race several instances (two processes
// share nothing but the database and Redis, as two servers behind a load balancer would).
//
//   node --import tsx test/app-instance.ts
//   env: INSTANCE_DATABASE_URL, INSTANCE_UPSTASH_URL, INSTANCE_UPSTASH_TOKEN, INSTANCE_UPSTASH_PREFIX
//   (or INSTANCE_LEDGER=database: the usage ledger on the shared PostgreSQL instead of Upstash)
// Fault tests (test/faults.int.test.ts) may also set:
//   INSTANCE_DATABASE_URL       — through a TCP proxy (test/tcp-proxy.ts) that cuts or black-holes it;
//   INSTANCE_CLOCK_OFFSET_MS    — this instance's clock runs that far ahead (a claim made on another
//                                 instance looks that much older here: stranded-claim tests, no sleeping);
//   INSTANCE_PAUSE_AFTER_CLAIM=1 — a won claim never returns: the instance prints
//                                 `{"paused":"<codeId>"}` and waits, to be killed between claim and record.
// Prints one line `{"url":"http://127.0.0.1:…"}` once listening; exits when stdin closes.
import { watchAccountChanges } from "../lib/accounts/token-cache";
import { openDatabase } from "../lib/db";
import type { UsageLedger } from "../lib/ledger/types";
import { createUpstashLedger } from "../lib/ledger/upstash";
import { createDatabaseLedger } from "../lib/ledger/database";
import { testDeps } from "./fixtures";
import { startTestServer } from "./http";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const database = await openDatabase({ kind: "postgres", url: required("INSTANCE_DATABASE_URL"), migrate: false });
watchAccountChanges(database); // as getDeps() does: another instance's revocation reaches this one
const ledger =
  process.env.INSTANCE_LEDGER === "database"
    ? createDatabaseLedger(database.db)
    : createUpstashLedger({
        url: required("INSTANCE_UPSTASH_URL"),
        token: required("INSTANCE_UPSTASH_TOKEN"),
        prefix: required("INSTANCE_UPSTASH_PREFIX"),
      });
const offset = Number(process.env.INSTANCE_CLOCK_OFFSET_MS ?? 0);
const clock = () => new Date(Date.now() + offset);
const pausing: UsageLedger = {
  ...ledger,
  kind: ledger.kind,
  async claim(ref, opts) {
    const result = await ledger.claim(ref, opts);
    if (result.status !== "won") return result;
    process.stdout.write(`${JSON.stringify({ paused: ref.codeId })}\n`);
    return new Promise<never>(() => {});
  },
};
const server = await startTestServer(
  testDeps(database, { ledger: process.env.INSTANCE_PAUSE_AFTER_CLAIM === "1" ? pausing : ledger, clock }),
);
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await database.close();
  process.exit(0);
};
process.stdin.on("end", () => void stop());
process.stdin.on("close", () => void stop());
process.stdin.resume();
process.on("SIGTERM", () => void stop());
