// Redis memory per live claim for the usage-ledger encodings we considered (lib/ledger/upstash.ts
// explains the choice). Fills Redis with claims of codes of several sizes, sums MEMORY USAGE over
// each encoding's keys and prints bytes per claim. Keys get a random prefix and are deleted after.
//   npx tsx bench/ledger-memory.ts            (REDIS_URL, default redis://127.0.0.1:6379/2)
import { createHash, randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379/2");
const USERS = 1_000_000; // user seqs are drawn from this population, so buckets are sparse
const sizes = [10, 100, 1_000, 10_000, 50_000];
const until = Math.floor(Date.now() / 1000) + 3600;
const now = String(Date.now()); // the claim time in ms, as the ledger stores it

type Encoding = { name: string; keysOf(code: string, seq: number): [key: string, field?: string] };
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

const encodings: Encoding[] = [
  { name: "string key sha256(user:code) → time (design docs)", keysOf: (c, s) => [`u:${sha(`usr_${s}:${c}`)}`] },
  { name: "one hash per code, field = user seq", keysOf: (c, s) => [`h:${c}`, String(s)] },
  ...[64, 128, 256].map((k) => ({
    name: `hash per code split into ${k} buckets (seq mod ${k})`,
    keysOf: (c: string, s: number): [string, string] => [`b${k}:${c}:${s % k}`, String(s)],
  })),
];

async function memoryOf(pattern: string): Promise<number> {
  let cursor = "0";
  let total = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    const p = redis.pipeline();
    for (const k of keys) p.memory("USAGE", k, "SAMPLES", "0");
    for (const [, v] of (await p.exec()) ?? []) total += Number(v);
  } while (cursor !== "0");
  return total;
}

async function main() {
  const cfg = (await redis.config("GET", "hash-max-listpack-entries")) as string[];
  report(`Redis hash-max-listpack-entries = ${cfg[1]} (Redis default 128); ${USERS} users\n`);
  const rows: string[][] = [];
  for (const enc of encodings) {
    const row = [enc.name];
    for (const size of sizes) {
      const prefix = `mem:${randomBytes(4).toString("hex")}:`;
      const code = sha(randomBytes(8).toString("hex"));
      const seqs = new Set<number>();
      while (seqs.size < size) seqs.add(1 + Math.floor(Math.random() * USERS));
      let p = redis.pipeline();
      let n = 0;
      for (const seq of seqs) {
        const [key, field] = enc.keysOf(code, seq);
        if (field === undefined) p.set(prefix + key, now, "EXAT", until, "NX");
        else p.hsetnx(prefix + key, field, now).expireat(prefix + key, until);
        if (++n % 5000 === 0) {
          await p.exec();
          p = redis.pipeline();
        }
      }
      await p.exec();
      const bytes = await memoryOf(`${prefix}*`);
      row.push((bytes / size).toFixed(1));
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== "0");
    }
    rows.push(row);
  }
  report(`bytes per claim, by claims per code: ${sizes.join(" / ")}`);
  for (const r of rows) report(`${r[0]!.padEnd(52)} ${r.slice(1).map((v) => v.padStart(7)).join(" ")}`);
  redis.disconnect();
}

main().catch((e) => {
  log.error({ err: summarizeError(e) }, "ledger-memory.ts failed");
  process.exit(1);
});
