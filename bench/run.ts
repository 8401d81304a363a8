// `npm run bench`: the product's speed the way a user meets it, in one run, beside the ceiling of
// the framework it runs on. Builds the app and an empty-route reference app (bench/reference-app,
// same Next, same node_modules, built in a folder of its own), starts each with `next start` in a process group of its own on
// a throwaway PostgreSQL database (and Redis through the Upstash bridge), drives them with wrk and
// prints one table per set-up: req/s, p50, p99, CPU µs per request and the ratio to the empty
// route, for the 401 path, a lookup, a redemption (distinct users) and hold + confirm. Then the
// ledger at scale, Redis bytes per claim and the announcement fan-out. Writes the figures into
// bench/RESULTS.md between its markers.
//
//   npm run bench
//   env: BENCH_SECONDS (10) per load, BENCH_ROUNDS (3) interleaved rounds, BENCH_CONNECTIONS (32),
//        BENCH_ONLY=http,scale,memory,fanout (all), BENCH_SETUPS=pg,inngest,upstash,pg2,upstash2 (all),
//        BENCH_CASES=unauthorized,lookup,redeem,holdConfirm (each set-up's own),
//        BENCH_SKIP_BUILD=1 (use the existing builds), BENCH_DATABASE_URL, BENCH_REDIS_URL,
//        BENCH_PROFILE=<dir> (the app writes V8 CPU profiles there: node --cpu-prof)
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis as IORedis } from "ioredis";
import { generateApiToken } from "../lib/auth/api-token";
import { apiTokens, brands, discountCodes, discountRules, users } from "../lib/db/schema";
import { codeIdOf } from "../lib/discounts/code";
import { newId } from "../lib/ids";
import { log, summarizeError } from "../lib/log";
import { report } from "../lib/log/report";
import { startInngestEventServer } from "../test/inngest-event-server";
import { startResendServer } from "../test/resend-server";
import { startUpstashBridge } from "../test/upstash-bridge";
import {
  ensureWrk,
  groupRssMiB,
  waitUntilIdle,
  machine,
  nextBin,
  runPaced,
  runWrk,
  startServer,
  wrkScript,
  type LoadResult,
  type PacedRequest,
  type Server,
} from "./http";
import { openThrowawayDatabase } from "./lib/postgres";

const root = process.cwd();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CASE_FILTER = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(",")) : null;
const ONLY = new Set((process.env.BENCH_ONLY ?? "http,scale,memory,fanout").split(","));
const SETUPS = new Set((process.env.BENCH_SETUPS ?? "pg,inngest,upstash,pg2,upstash2").split(","));
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/9";
const SHOPPERS = 1_000;
const CODES = 100;
const REFERENCE_SRC = path.join(root, "bench", "reference-app");
// Built outside the project (see bench/reference-app/next.config.mjs), kept between runs.
const REFERENCE_DIR = path.join(os.tmpdir(), "discounts-bench-reference");
const RESULTS = path.join(root, "bench", "RESULTS.md");

// --- builds --------------------------------------------------------------------------------------

function build(): void {
  if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(REFERENCE_DIR, ".next", "BUILD_ID"))) return;
  rmSync(REFERENCE_DIR, { recursive: true, force: true });
  cpSync(REFERENCE_SRC, REFERENCE_DIR, { recursive: true });
  symlinkSync(path.join(root, "node_modules"), path.join(REFERENCE_DIR, "node_modules"));
  for (const [name, cmd, args] of [
    ...(process.env.BENCH_SKIP_BUILD === "1" ? [] : [["the app", "npm", ["run", "build"]] as const]),
    ["the reference app", process.execPath, [nextBin, "build", REFERENCE_DIR]],
  ] as const) {
    const started = Date.now();
    const r = spawnSync(cmd, [...args], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
    if (r.status !== 0) throw new Error(`building ${name} failed:\n${r.stdout}\n${r.stderr}`);
    report(`built ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

// --- data ----------------------------------------------------------------------------------------

interface Fixture {
  databaseUrl: string;
  tokens: string[];
  userIds: string[];
  codes: string[];
  drop(): Promise<void>;
}

/** A throwaway database: migrated, one brand, CODES live codes, SHOPPERS shoppers with a token each. */
async function fixture(): Promise<Fixture> {
  const { url, database, drop } = await openThrowawayDatabase({ adminUrl: PG_URL, max: 2 });
  const db = database.db;
  const brandId = newId("brand");
  await db.insert(brands).values({ id: brandId, name: "Bench brand", slug: `bench-${brandId.toLowerCase()}` });
  const [rule] = await db.insert(discountRules).values({ brandId, percent: 15 }).returning({ id: discountRules.id });
  const codes = Array.from({ length: CODES }, (_, i) => `BENCH${String(i).padStart(4, "0")}${randomBytes(2).toString("hex").toUpperCase()}`);
  await db.insert(discountCodes).values(
    codes.map((code) => ({
      id: codeIdOf(code),
      code,
      ruleId: rule!.id,
      brandId,
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 30 * 86_400_000),
    })),
  );
  const userIds: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < SHOPPERS; i += 500) {
    const batch = Array.from({ length: Math.min(500, SHOPPERS - i) }, () => {
      const id = newId("user");
      return { id, email: `${id.toLowerCase()}@bench.test`, name: "Bench shopper", role: "shopper" as const, emailVerified: new Date() };
    });
    await db.insert(users).values(batch);
    const minted = batch.map((u) => ({ user: u, token: generateApiToken() }));
    await db.insert(apiTokens).values(
      minted.map(({ user, token }) => ({
        id: newId("token"),
        userId: user.id,
        name: "bench",
        tokenHash: token.hash,
        prefix: token.prefix,
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
      })),
    );
    for (const m of minted) {
      userIds.push(m.user.id);
      tokens.push(m.token.token);
    }
  }
  return { databaseUrl: url, tokens, userIds, codes, drop };
}

// --- the cases -----------------------------------------------------------------------------------

interface Case {
  name: string;
  /** The wrk script (request() and, if needed, response()). */
  lua: string;
  /** Uses up (user, code) pairs: gets the next pair offset as its first argument. */
  pairs?: boolean;
  /** What a request of this case should answer. */
  expect: string[];
  /** Operations per request (hold + confirm: two requests make one). */
  perOp?: number;
}

const PAIR = `
next_pair = 0
function init(args) next_pair = tonumber(args[1]) or 0 end
function take_pair()
  local k = next_pair
  next_pair = next_pair + 1
  return (k % #tokens) + 1, (math.floor(k / #tokens) % #codes) + 1
end
`;

const CASES: Record<string, Case> = {
  unauthorized: {
    name: "401 (no token)",
    lua: `function request() return wrk.format("GET", "/api/v1/discountcode/" .. codes[1]) end`,
    expect: ["401"],
  },
  lookup: {
    name: "lookup GET /discountcode/{code}",
    lua: `function request()
  local i = math.random(#tokens)
  return wrk.format("GET", "/api/v1/discountcode/" .. codes[math.random(#codes)], { Authorization = "Bearer " .. tokens[i] })
end`,
    expect: ["200"],
  },
  redeem: {
    name: "redemption POST /discountcodeusage",
    pairs: true,
    lua: `${PAIR}
function request()
  local u, c = take_pair()
  local body = '{"code":"' .. codes[c] .. '","userId":"' .. users[u] .. '","amount":5000,"currency":"EUR"}'
  return wrk.format("POST", "/api/v1/discountcodeusage", { Authorization = "Bearer " .. tokens[u], ["Content-Type"] = "application/json" }, body)
end`,
    expect: ["201"],
  },
  holdConfirm: {
    name: "hold + confirm (2 requests)",
    pairs: true,
    perOp: 2,
    lua: `${PAIR}
token_of = {}
for i, u in ipairs(users) do token_of[u] = tokens[i] end
pending = {}
function request()
  local p = table.remove(pending)
  if p then
    return wrk.format("POST", "/api/v1/discountcodeusage/" .. p.id .. "/confirm", { Authorization = "Bearer " .. p.token, ["Content-Type"] = "application/json" }, "{}")
  end
  local u, c = take_pair()
  local body = '{"code":"' .. codes[c] .. '","userId":"' .. users[u] .. '","amount":5000,"currency":"EUR","hold":true}'
  return wrk.format("POST", "/api/v1/discountcodeusage", { Authorization = "Bearer " .. tokens[u], ["Content-Type"] = "application/json" }, body)
end
function response(status, headers, body)
  count_status(status)
  if status == 201 then
    local id = string.match(body, '"id":"(use_[^"]+)"')
    local user = string.match(body, '"userId":"(usr_[^"]+)"')
    if id and user then table.insert(pending, { id = id, token = token_of[user] }) end
  end
end`,
    expect: ["201", "200"],
  },
};

const REFERENCE: Case = {
  name: "empty Next route handler (reference)",
  lua: `function request() return wrk.format("GET", "/api/empty") end`,
  expect: ["200"],
};

// --- set-ups -------------------------------------------------------------------------------------

interface Setup {
  key: string;
  name: string;
  processes: number;
  cases: (keyof typeof CASES)[];
  env(sinks: Sinks): Record<string, string>;
  /** Latency at half the reference's peak rate, for these cases. */
  paced?: (keyof typeof CASES)[];
}

interface Sinks {
  resendUrl: string;
  inngestUrl: string;
  inngestKey: string;
  upstashUrl: string;
  upstashToken: string;
}

// The ledger each set-up runs on: the database (no variables) or Upstash through the bridge.
const onDatabase = () => ({});
const onUpstash = (s: Sinks) => ({ UPSTASH_REDIS_REST_URL: s.upstashUrl, UPSTASH_REDIS_REST_TOKEN: s.upstashToken });

const SET_UPS: Setup[] = [
  {
    key: "pg",
    name: "PostgreSQL, database ledger, in-process worker (emails to a Resend sink)",
    processes: 1,
    cases: ["unauthorized", "lookup", "redeem", "holdConfirm"],
    paced: ["lookup", "redeem"],
    env: onDatabase,
  },
  {
    key: "inngest",
    name: "PostgreSQL, database ledger, events handed to Inngest",
    processes: 1,
    cases: ["redeem", "holdConfirm"],
    env: (s) => ({ INNGEST_EVENT_KEY: s.inngestKey, INNGEST_SIGNING_KEY: "signkey-prod-0000", INNGEST_BASE_URL: s.inngestUrl, INNGEST_EVENT_API_BASE_URL: s.inngestUrl }),
  },
  {
    key: "upstash",
    name: "PostgreSQL, Upstash ledger (bridge → Redis), in-process worker",
    processes: 1,
    cases: ["lookup", "redeem"],
    env: onUpstash,
  },
  {
    key: "pg2",
    name: "PostgreSQL, database ledger, 2 processes on one port",
    processes: 2,
    cases: ["lookup", "redeem"],
    env: onDatabase,
  },
  {
    key: "upstash2",
    name: "PostgreSQL, Upstash ledger, 2 processes on one port",
    processes: 2,
    cases: ["lookup", "redeem"],
    env: onUpstash,
  },
];

interface Row {
  name: string;
  rounds: LoadResult[];
  perOp: number;
  paced?: { rate: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> };
  rssMiB?: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function benchSetup(setup: Setup, sinks: Sinks, tmp: string): Promise<Row[]> {
  const keep = (k: keyof typeof CASES) => !CASE_FILTER || CASE_FILTER.has(k);
  setup = { ...setup, cases: setup.cases.filter(keep), paced: setup.paced?.filter(keep) };
  const fx = await fixture();
  const port = 3300 + Math.floor(Math.random() * 500);
  const refPort = port + 600;
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: fx.databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    APP_URL: `http://127.0.0.1:${port}`,
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: sinks.resendUrl,
    ...setup.env(sinks),
  };
  // BENCH_PROFILE=<dir>: the app writes a V8 CPU profile there when it stops.
  const node = [process.execPath, ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [])];
  // More than one process: scripts/serve.ts (what `npm start` runs with DATABASE_URL), and the
  // reference the same way, so the ratio compares like with like.
  const serve = [process.execPath, "--import", "tsx", path.join(root, "scripts", "serve.ts")];
  const command = setup.processes > 1 ? serve : [...node, nextBin, "start", "-p", String(port)];
  const app = await startServer({
    name: setup.name,
    command,
    cwd: root,
    env: { ...env, PORT: String(port), WEB_CONCURRENCY: String(setup.processes) },
    port,
    probe: "/api/v1/health",
  });
  const reference = await startServer({
    name: "reference",
    command: setup.processes > 1 ? [...serve, REFERENCE_DIR] : [process.execPath, nextBin, "start", REFERENCE_DIR, "-p", String(refPort)],
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(refPort), WEB_CONCURRENCY: String(setup.processes) },
    port: refPort,
    probe: "/api/empty",
  });
  const data = { tokens: fx.tokens, users: fx.userIds, codes: fx.codes };
  let nextPair = 0;
  const load = async (c: Case, server: Server, seconds: number): Promise<LoadResult> => {
    const script = wrkScript(path.join(tmp, `${setup.key}-${c.name.replace(/\W+/g, "-")}.lua`), data, c.lua);
    // What the last case left behind (the outbox worker's emails) is not this case's cost.
    await waitUntilIdle(app.pgid);
    const r = await runWrk({ url: server.url, script, args: c.pairs ? [String(nextPair)] : [], seconds, connections: CONNECTIONS, server });
    if (c.pairs) nextPair = r.extra.next_pair ?? nextPair + r.requests + CONNECTIONS;
    const unexpected = Object.entries(r.statuses).filter(([s]) => !c.expect.includes(s));
    if (unexpected.length) report(`  ! ${c.name}: unexpected answers ${JSON.stringify(r.statuses)}`);
    return r;
  };
  try {
    // Warm both: JIT, connection pools, caches.
    await load(REFERENCE, reference, 3);
    for (const k of setup.cases) await load(CASES[k]!, app, 3);
    const rows = new Map<string, Row>();
    const add = (c: Case, r: LoadResult) => {
      const row = rows.get(c.name) ?? { name: c.name, rounds: [], perOp: c.perOp ?? 1 };
      row.rounds.push(r);
      rows.set(c.name, row);
    };
    for (let round = 0; round < ROUNDS; round++) {
      add(REFERENCE, await load(REFERENCE, reference, SECONDS));
      for (const k of setup.cases) add(CASES[k]!, await load(CASES[k]!, app, SECONDS));
    }
    const refRate = median(rows.get(REFERENCE.name)!.rounds.map((r) => r.perSecond));
    for (const k of setup.paced ?? []) {
      const c = CASES[k]!;
      const rate = Math.round(refRate / 2);
      let pairIndex = nextPair;
      const next = (): PacedRequest => {
        if (k === "lookup") {
          const i = Math.floor(Math.random() * fx.tokens.length);
          return { method: "GET", path: `/api/v1/discountcode/${fx.codes[Math.floor(Math.random() * fx.codes.length)]}`, headers: { authorization: `Bearer ${fx.tokens[i]}` } };
        }
        const n = pairIndex++;
        const u = n % fx.tokens.length;
        const code = fx.codes[Math.floor(n / fx.tokens.length) % fx.codes.length];
        return {
          method: "POST",
          path: "/api/v1/discountcodeusage",
          headers: { authorization: `Bearer ${fx.tokens[u]}`, "content-type": "application/json" },
          body: JSON.stringify({ code, userId: fx.userIds[u], amount: 5000, currency: "EUR" }),
        };
      };
      const p = await runPaced({ url: app.url, rate, seconds: SECONDS, next });
      nextPair = pairIndex;
      rows.get(c.name)!.paced = { rate, ...p };
    }
    rows.get(setup.cases.map((k) => CASES[k]!.name)[0]!)!.rssMiB = groupRssMiB(app.pgid);
    return [...rows.values()];
  } finally {
    await app.stop();
    await reference.stop();
    await fx.drop();
  }
}

// --- output --------------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

function table(rows: Row[], processes: number): string[] {
  const ref = rows.find((r) => r.name === REFERENCE.name)!;
  const refRate = median(ref.rounds.map((r) => r.perSecond));
  const refCpu = median(ref.rounds.map((r) => r.cpuUsPerRequest));
  const lines = [
    "| case | req/s (median; min–max) | req/s per core | p50 ms | p99 ms | CPU µs/req (kernel) | req/s vs empty | CPU vs empty | answers |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const rates = row.rounds.map((r) => r.perSecond);
    const rate = median(rates);
    const cpu = median(row.rounds.map((r) => r.cpuUsPerRequest));
    const statuses: Record<string, number> = {};
    for (const r of row.rounds) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    const isRef = row === ref;
    const cores = processes; // the reference runs as many processes as the app in each set-up
    lines.push(
      `| ${row.name}${row.perOp > 1 ? " (ops/s = req/s ÷ 2)" : ""} | ${fmt(rate)} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}) | ${fmt(rate / Math.min(cores, os.cpus().length))} | ${fmt(median(row.rounds.map((r) => r.p50Ms)), 1)} | ${fmt(median(row.rounds.map((r) => r.p99Ms)), 1)} | ${fmt(cpu)} (${fmt(100 * median(row.rounds.map((r) => r.kernelShare)))} %) | ${isRef ? "1.00" : fmt(rate / refRate, 2)} | ${isRef ? "1.00" : fmt(cpu / refCpu, 2)} | ${Object.entries(statuses).map(([s, n]) => `${n}×${s}`).join(" ")} |`,
    );
  }
  const paced = rows.filter((r) => r.paced);
  if (paced.length) {
    lines.push("", "Latency at half the empty route's peak rate (open loop, paced from Node):", "");
    lines.push("| case | rate req/s | p50 ms | p99 ms | answers |", "|---|---|---|---|---|");
    for (const r of paced) {
      lines.push(`| ${r.name} | ${r.paced!.rate} | ${fmt(r.paced!.p50Ms, 1)} | ${fmt(r.paced!.p99Ms, 1)} | ${Object.entries(r.paced!.statuses).map(([s, n]) => `${n}×${s}`).join(" ")} |`);
    }
  }
  const rss = rows.find((r) => r.rssMiB !== undefined)?.rssMiB;
  if (rss !== undefined) lines.push("", `Server resident memory after the run: ${fmt(rss)} MiB (all its processes).`);
  return lines;
}

function writeResults(section: string[]): void {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const generated = `${start}\n${section.join("\n")}\n${end}`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : `# Benchmarks\n\n${start}\n${end}\n`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next = i >= 0 && j > i ? current.slice(0, i) + generated + current.slice(j + end.length) : `${current}\n${generated}\n`;
  writeFileSync(RESULTS, next);
}

// --- the other figures (each bench script exports its own run) -----------------------------------

async function otherFigures(): Promise<string[]> {
  const out: string[] = [];
  const sections: [string, string, string][] = [
    ["scale", "./ledger-scale", "Ledger at scale"],
    ["memory", "./ledger-memory", "Redis bytes per claim"],
    ["fanout", "./notifications-fanout", "Announcement fan-out"],
  ];
  for (const [key, module, title] of sections) {
    if (!ONLY.has(key)) continue;
    const started = Date.now();
    try {
      const mod = (await import(module)) as { markdown?: () => Promise<string[]> };
      if (!mod.markdown) {
        out.push(`### ${title}`, "", `(${module}.ts has no markdown() export yet)`, "");
        continue;
      }
      out.push(`### ${title}`, "", ...(await mod.markdown()), "");
    } catch (e) {
      out.push(`### ${title}`, "", `failed: ${summarizeError(e).message ?? String(e)}`, "");
    }
    report(`${title}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return out;
}

async function main() {
  const started = Date.now();
  const section: string[] = [
    `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.`,
    "",
    `Command: \`npm run bench\` (${ROUNDS} interleaved rounds of ${SECONDS} s per case, wrk -t1 -c${CONNECTIONS}, ${SHOPPERS} shoppers with a bearer token each × ${CODES} codes; CPU of the server's whole process group from /proc).`,
    "",
  ];
  if (ONLY.has("http")) {
    ensureWrk();
    build();
    const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const resend = await startResendServer({ apiKey: "re_bench_key" });
    const inngest = await startInngestEventServer("bench-event-key");
    const redis = new IORedis(REDIS_URL);
    const bridge = await startUpstashBridge({ redisUrl: REDIS_URL });
    const sinks: Sinks = { resendUrl: resend.url, inngestUrl: inngest.url, inngestKey: inngest.eventKey, upstashUrl: bridge.url, upstashToken: bridge.token };
    try {
      for (const setup of SET_UPS.filter((s) => SETUPS.has(s.key))) {
        const t = Date.now();
        await redis.flushdb();
        const rows = await benchSetup(setup, sinks, tmp);
        const lines = table(rows, setup.processes);
        section.push(`### ${setup.name}`, "", ...lines, "");
        report(`\n${setup.name} (${((Date.now() - t) / 1000).toFixed(0)} s)\n${lines.join("\n")}`);
      }
      section.push(`Emails received by the Resend sink: ${resend.emails.length}; events received by the Inngest stand-in: ${inngest.received.length}.`, "");
    } finally {
      await bridge.close();
      await redis.flushdb();
      redis.disconnect();
      await inngest.close();
      await resend.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const others = await otherFigures();
  section.push(...others);
  writeResults(section);
  report(others.join("\n"));
  report(`\nbench/RESULTS.md written (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    log.error({ err: summarizeError(e) }, "bench failed");
    process.exit(1);
  });
