// One app instance in a process of its own — the real route modules behind test/http.ts's server,
// on PostgreSQL and the Upstash ledger — for tests that race several instances (two processes
// share nothing but the database and Redis, as two servers behind a load balancer would).
//
//   node --import tsx test/app-instance.ts
//   env: INSTANCE_DATABASE_URL, INSTANCE_UPSTASH_URL, INSTANCE_UPSTASH_TOKEN, INSTANCE_UPSTASH_PREFIX
// Prints one line `{"url":"http://127.0.0.1:…"}` once listening; exits when stdin closes.
import { openDatabase } from "../lib/db";
import { createUpstashLedger } from "../lib/ledger/upstash";
import { testDeps } from "./fixtures";
import { startTestServer } from "./http";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const database = await openDatabase({ kind: "postgres", url: required("INSTANCE_DATABASE_URL"), migrate: false });
const ledger = createUpstashLedger({
  url: required("INSTANCE_UPSTASH_URL"),
  token: required("INSTANCE_UPSTASH_TOKEN"),
  prefix: required("INSTANCE_UPSTASH_PREFIX"),
});
const server = await startTestServer(testDeps(database, { ledger }));
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
