// Redis memory per live claim of the usage ledger (lib/ledger/upstash.ts explains the choice): the
// chosen layout against the previous one (and the design documents' string key per claim), on a
// throwaway redis-server with Redis's default encoding limits (bench/lib/redis-server.ts). Each
// figure is the growth of INFO used_memory over an empty server divided by the claims written —
// keys, values, expiry entries, allocator rounding: what the claims really cost.
//   - by claims per code: codes of 100 … 50 000 claims, ~200 000 claims per figure, users drawn
//     from a population of 1e6 (so a code's claimants are sparse), written with pipelines in each
//     layout's steady state (the chosen layout: the bucket sets only; the recent hashes have expired);
//   - 1e6 live claims (125 codes × 8 000): the chosen layout written through the ledger's own claim
//     script (EVALSHA, the very call claim() makes), measured just after (the recent hashes still
//     there: transient) and once they are gone (steady state); the previous layout as it stored them.
//   npx tsx bench/ledger-memory.ts            (REDIS_URL: use that server instead of a throwaway one)
//   import { runLedgerMemory, markdown } from "./ledger-memory"
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { BUCKETS, CLAIM_SCRIPT, claimCall } from "../lib/ledger/upstash";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { startRedisServer } from "./lib/redis-server";

const USERS = 1_000_000;
const SIZES = [100, 1_000, 8_000, 50_000];
const CLAIMS_PER_FIGURE = 200_000;

export interface MemoryFigures {
  redis: { version: string; hashMaxListpackEntries: number; setMaxIntsetEntries: number };
  sizes: number[];
  /** Bytes per claim, one figure per entry of `sizes`. */
  byCodeSize: { key: "chosen" | "old" | "string"; name: string; bytesPerClaim: number[] }[];
  /** 1e6 live claims: 125 codes × 8 000. */
  million: {
    claims: number;
    codes: number;
    old: number;
    chosen: number;
    /** The chosen layout right after claiming (its recent hashes not yet expired). */
    chosenJustClaimed: number;
    /** Buckets of the chosen layout not in the intset encoding (should be 0). */
    chosenNotIntset: number;
  };
}

type Layout = { key: "chosen" | "old" | "string"; name: string; write(p: ReturnType<Redis["pipeline"]>, code: string, seq: number, until: number): void };

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const microsNow = () => String(Date.now() * 1000 + Math.floor(Math.random() * 1000));

const LAYOUTS: Layout[] = [
  {
    key: "chosen",
    name: `now: set per code in ${BUCKETS} buckets, member = seq / ${BUCKETS} (intset)`,
    write: (p, code, seq, until) => {
      const k = `dl:s:${code}:${seq % BUCKETS}`;
      p.sadd(k, Math.floor(seq / BUCKETS)).expireat(k, until);
    },
  },
  {
    key: "old",
    name: "before: hash per code in 128 buckets, field = seq → µs",
    write: (p, code, seq, until) => {
      const k = `dl:c:${code}:${seq % 128}`;
      p.hset(k, String(seq), microsNow()).expireat(k, until);
    },
  },
  {
    key: "string",
    name: "design documents: string key sha256(user:code) → time",
    write: (p, code, seq, until) => {
      p.set(`u:${sha(`usr_${seq}:${code}`)}`, String(Date.now()), "EXAT", until, "NX");
    },
  },
];

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** Distinct user seqs drawn from the population: one code's claimants. */
function claimants(n: number): number[] {
  const seqs = new Set<number>();
  while (seqs.size < n) seqs.add(1 + Math.floor(Math.random() * USERS));
  return [...seqs];
}

async function fill(redis: Redis, layout: Layout, codes: number, perCode: number, until: number): Promise<void> {
  for (let c = 0; c < codes; c++) {
    const code = sha(`code-${c}-${Math.random()}`);
    let p = redis.pipeline();
    let n = 0;
    for (const seq of claimants(perCode)) {
      layout.write(p, code, seq, until);
      if (++n % 5_000 === 0) {
        await p.exec();
        p = redis.pipeline();
      }
    }
    await p.exec();
  }
}

async function measure(redis: Redis, claims: number, write: () => Promise<void>): Promise<number> {
  await redis.flushall();
  const before = await usedMemory(redis);
  await write();
  return (await usedMemory(redis)) - before;
}

async function deleteMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys); // DEL, not UNLINK: freed before used_memory is read
  } while (cursor !== "0");
}

async function notIntset(redis: Redis, pattern: string): Promise<number> {
  let cursor = "0";
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    const p = redis.pipeline();
    for (const k of keys) p.object("ENCODING", k);
    for (const [, enc] of (await p.exec()) ?? []) if (enc !== "intset") n++;
  } while (cursor !== "0");
  return n;
}

/** The chosen layout written through the ledger's claim script, as claim() calls it. */
async function claimThroughScript(redis: Redis, codes: number, perCode: number, expiresAt: Date): Promise<void> {
  const sha1 = (await redis.script("LOAD", CLAIM_SCRIPT)) as string;
  for (let c = 0; c < codes; c++) {
    const codeId = sha(`code-${c}-${Math.random()}`);
    let p = redis.pipeline();
    let n = 0;
    for (const seq of claimants(perCode)) {
      const { keys, argv } = claimCall("dl:", { codeId, user: { id: `usr_${seq}`, seq } }, { value: microsNow(), expiresAt, wall: Date.now(), retry: false });
      p.evalsha(sha1, keys.length, ...keys, ...argv);
      if (++n % 2_000 === 0) {
        await p.exec();
        p = redis.pipeline();
      }
    }
    await p.exec();
  }
}

export async function runLedgerMemory(opts: { redisUrl?: string; sizes?: number[] } = {}): Promise<MemoryFigures> {
  const server = opts.redisUrl ? null : await startRedisServer();
  const redis = new Redis(opts.redisUrl ?? server!.url);
  try {
    const info = await redis.info("server");
    const cfg = async (name: string) => Number(((await redis.config("GET", name)) as string[])[1]);
    const figures: MemoryFigures = {
      redis: {
        version: /redis_version:(\S+)/.exec(info)?.[1] ?? "?",
        hashMaxListpackEntries: await cfg("hash-max-listpack-entries"),
        setMaxIntsetEntries: await cfg("set-max-intset-entries"),
      },
      sizes: opts.sizes ?? SIZES,
      byCodeSize: [],
      million: { claims: 1_000_000, codes: 125, old: NaN, chosen: NaN, chosenJustClaimed: NaN, chosenNotIntset: NaN },
    };
    const until = Math.floor(Date.now() / 1000) + 3600;
    for (const layout of LAYOUTS) {
      const row = { key: layout.key, name: layout.name, bytesPerClaim: [] as number[] };
      for (const size of figures.sizes) {
        const codes = Math.max(1, Math.round(CLAIMS_PER_FIGURE / size));
        const bytes = await measure(redis, codes * size, () => fill(redis, layout, codes, size, until));
        row.bytesPerClaim.push(bytes / (codes * size));
      }
      figures.byCodeSize.push(row);
    }

    const m = figures.million;
    const perCode = m.claims / m.codes;
    m.old = (await measure(redis, m.claims, () => fill(redis, LAYOUTS[1]!, m.codes, perCode, until))) / m.claims;
    await redis.flushall();
    const before = await usedMemory(redis);
    await claimThroughScript(redis, m.codes, perCode, new Date(until * 1000));
    m.chosenJustClaimed = ((await usedMemory(redis)) - before) / m.claims;
    await deleteMatching(redis, "dl:r:*"); // what their expiry does RECENT_MS after the claims
    m.chosen = ((await usedMemory(redis)) - before) / m.claims;
    m.chosenNotIntset = await notIntset(redis, "dl:s:*");
    await redis.flushall();
    return figures;
  } finally {
    redis.disconnect();
    await server?.stop();
  }
}

export function markdownOf(f: MemoryFigures): string[] {
  const b = (x: number) => x.toFixed(1);
  return [
    `Redis ${f.redis.version}, hash-max-listpack-entries ${f.redis.hashMaxListpackEntries}, set-max-intset-entries ${f.redis.setMaxIntsetEntries} (Redis's defaults); INFO used_memory growth per claim; users from a population of ${USERS.toLocaleString("en")}.`,
    "",
    `| bytes per live claim, by claims per code | ${f.sizes.map((s) => s.toLocaleString("en")).join(" | ")} |`,
    `|---|${f.sizes.map(() => "---:").join("|")}|`,
    ...f.byCodeSize.map((r) => `| ${r.name} | ${r.bytesPerClaim.map(b).join(" | ")} |`),
    "",
    `1e6 live claims (${f.million.codes} codes × ${(f.million.claims / f.million.codes).toLocaleString("en")}): before ${b(f.million.old)} B/claim (${b((f.million.old * f.million.claims) / 2 ** 20)} MiB), now ${b(f.million.chosen)} B/claim (${b((f.million.chosen * f.million.claims) / 2 ** 20)} MiB; written through the claim script; ${f.million.chosenNotIntset} buckets not intset); right after claiming, with the recent hashes that expire RECENT_MS later, ${b(f.million.chosenJustClaimed)} B/claim.`,
  ];
}

/** For bench/run.ts: the figures as Markdown lines. */
export async function markdown(): Promise<string[]> {
  return markdownOf(await runLedgerMemory({ redisUrl: process.env.LEDGER_MEMORY_REDIS_URL }));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  runLedgerMemory({ redisUrl: process.env.REDIS_URL })
    .then((f) => report(markdownOf(f).join("\n")))
    .catch((e: unknown) => {
      log.error({ err: summarizeError(e) }, "ledger-memory.ts failed");
      process.exitCode = 1;
    });
}
