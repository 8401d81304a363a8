// Load through the real server, the way a user meets it: `next start` processes in process groups
// of their own, wrk (C, from Debian's packages) driving them over keep-alive connections, CPU read
// from /proc for the whole group, and a paced generator for latency at a fixed rate. Used by
// bench/run.ts; nothing here knows the product's routes.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
export const nextBin = require.resolve("next/dist/bin/next");
const CLK_TCK = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- servers -------------------------------------------------------------------------------------

export interface Server {
  name: string;
  url: string;
  /** The process group: every process the server runs (a cluster's workers included). */
  pgid: number;
  stop(): Promise<void>;
}

/** Starts `command` in a process group of its own and waits until `url`/`probe` answers. */
export async function startServer(opts: {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  port: number;
  probe?: string;
}): Promise<Server> {
  const [cmd, ...args] = opts.command;
  const child: ChildProcess = spawn(cmd!, args, { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(url + (opts.probe ?? "/"));
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${opts.name} did not answer within 60 s: ${stderr}`);
    await sleep(100);
  }
  const pgid = child.pid!;
  return {
    name: opts.name,
    url,
    pgid,
    stop: async () => {
      try {
        process.kill(-pgid, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 50 && groupPids(pgid).length > 0; i++) await sleep(100);
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // gone
      }
    },
  };
}

function groupPids(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** CPU seconds (user + system) spent so far by every live process of the group. */
export function groupCpuSeconds(pgid: number): number {
  const { user, system } = groupCpu(pgid);
  return user + system;
}

/** CPU seconds spent so far by every live process of the group, user and kernel apart. */
export function groupCpu(pgid: number): { user: number; system: number } {
  let user = 0;
  let system = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      user += Number(fields[11]); // utime, stime: fields 14 and 15 of stat
      system += Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return { user: user / CLK_TCK, system: system / CLK_TCK };
}

/** Waits (≤ maxMs) until the group uses under 5 % of a core over 300 ms: background work drained. */
export async function waitUntilIdle(pgid: number, maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const before = groupCpuSeconds(pgid);
    await sleep(300);
    if (groupCpuSeconds(pgid) - before < 0.015) return;
  }
}

/** Resident memory of the group, MiB. */
export function groupRssMiB(pgid: number): number {
  let kib = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}

// --- wrk -----------------------------------------------------------------------------------------

/** wrk on PATH, installed from Debian's packages when missing and we may (root, apt-get). */
export function ensureWrk(): void {
  if (spawnSync("wrk", ["--version"]).error === undefined) return;
  if (process.getuid?.() === 0 && spawnSync("apt-get", ["--version"]).status === 0) {
    spawnSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "ignore", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (spawnSync("wrk", ["--version"]).error === undefined) return;
  }
  throw new Error("`wrk` is needed (Debian: apt-get install wrk)");
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP status → count, from the script's response() hook. */
  statuses: Record<string, number>;
  /** CPU of the server's process group per request, µs. */
  cpuUsPerRequest: number;
  /** The part of that CPU spent in the kernel (system time). */
  kernelShare: number;
  /** What the script's done() printed as `KEY value` lines (e.g. its next pair offset). */
  extra: Record<string, number>;
}

const STATUS_HOOKS = `
local __threads = {}
function setup(thread) table.insert(__threads, thread) end
statuses = {}
function count_status(status) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  for _, t in ipairs(__threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do io.write("STATUS " .. k .. " " .. v .. "\\n") end
    local n = t:get("next_pair")
    if n then io.write("EXTRA next_pair " .. n .. "\\n") end
  end
end
`;

/**
 * A wrk script: `body` defines request() (and response(), which must call count_status(status)
 * unless it is the default). Globals named in `data` are Lua arrays of strings.
 */
export function wrkScript(file: string, data: Record<string, string[]>, body: string): string {
  const arrays = Object.entries(data)
    .map(([name, values]) => `${name} = {${values.map((v) => JSON.stringify(v)).join(",")}}`)
    .join("\n");
  const hasResponse = /function response\(/.test(body);
  writeFileSync(file, `${arrays}\n${STATUS_HOOKS}\n${body}\n${hasResponse ? "" : "function response(status) count_status(status) end\n"}`);
  return file;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

export async function runWrk(opts: {
  url: string;
  script: string;
  args?: string[];
  seconds: number;
  connections: number;
  server: Server;
}): Promise<LoadResult> {
  const cpu0 = groupCpu(opts.server.pgid);
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn("wrk", ["-t1", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency", "-s", opts.script, opts.url, ...(opts.args?.length ? ["--", ...opts.args] : [])]);
    let text = "";
    p.stdout.on("data", (c: Buffer) => void (text += c.toString()));
    p.stderr.on("data", (c: Buffer) => void (text += c.toString()));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const cpu1 = groupCpu(opts.server.pgid);
  const cpu = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  const total = /(\d+) requests in ([\d.]+)(\w+)/.exec(out);
  if (!total) throw new Error(`unreadable wrk output: ${out}`);
  const requests = Number(total[1]);
  const seconds = toMs(`${total[2]}${total[3]}`) / 1000;
  const pct = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "NaN");
  const statuses: Record<string, number> = {};
  for (const m of out.matchAll(/^STATUS (\d+) (\d+)$/gm)) statuses[m[1]!] = (statuses[m[1]!] ?? 0) + Number(m[2]);
  const extra: Record<string, number> = {};
  for (const m of out.matchAll(/^EXTRA (\w+) (\d+)$/gm)) extra[m[1]!] = Number(m[2]);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50Ms: pct("50"),
    p99Ms: pct("99"),
    statuses,
    cpuUsPerRequest: (cpu * 1e6) / Math.max(1, requests),
    kernelShare: cpu > 0 ? (cpu1.system - cpu0.system) / cpu : 0,
    extra,
  };
}

// --- paced load: latency at a fixed rate ---------------------------------------------------------

export interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Sends `rate` requests a second for `seconds` (open loop: a slow answer does not slow the sender,
 * up to `maxInFlight`), and reports latency percentiles. Latency is counted from when the request
 * was due, so queueing in this process is not hidden.
 */
export async function runPaced(opts: {
  url: string;
  rate: number;
  seconds: number;
  next: () => PacedRequest;
  maxInFlight?: number;
}): Promise<{ sent: number; p50Ms: number; p99Ms: number; statuses: Record<string, number>; dropped: number }> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxInFlight ?? 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const total = Math.round(opts.rate * opts.seconds);
  const start = performance.now();
  let inFlight = 0;
  let dropped = 0;
  const pending: Promise<void>[] = [];
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      const r = opts.next();
      inFlight++;
      const req = http.request(
        { host: target.hostname, port: target.port, method: r.method, path: r.path, headers: r.headers, agent },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => {
            inFlight--;
            latencies.push(performance.now() - due);
            statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        inFlight--;
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(r.body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight >= (opts.maxInFlight ?? 256)) {
      dropped++;
      continue;
    }
    pending.push(one(due));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { sent: latencies.length, p50Ms: q(0.5), p99Ms: q(0.99), statuses, dropped };
}

// --- the machine ---------------------------------------------------------------------------------

export function machine(): string {
  const version = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8" }).stdout?.trim().split("\n")[0] ?? "?";
  const nextVersion = (JSON.parse(readFileSync(path.join(path.dirname(require.resolve("next/package.json")), "package.json"), "utf8")) as { version: string }).version;
  return [
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `Node ${process.version}, Next ${nextVersion}, ${version("psql", ["--version"])}, ${version("redis-server", ["--version"]).split(" ").slice(0, 3).join(" ")}, ${version("wrk", ["--version"]).split(" ").slice(0, 2).join(" ")}`,
  ].join("; ");
}
