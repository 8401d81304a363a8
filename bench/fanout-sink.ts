// A lean local server speaking the part of Resend's API the fan-out uses — POST /emails and
// POST /emails/batch (a JSON array, ≤ 100) with Bearer auth and Idempotency-Key (a replay answers
// the first answer and sends nothing; the same key with another body is a 409) — that keeps only
// counts per recipient, so 100,000 emails of ~10 KB each cost no memory to speak of. It runs in its
// own process (startFanoutSink), so the job under test has its core to itself and the sink's JSON
// parsing is not billed to it. GET /stats answers the counts; POST /reset clears them.
//   npx tsx bench/fanout-sink.ts        (prints "listening <port> <apiKey>", then serves)
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { report } from "../lib/log/report";

export interface SinkStats {
  /** Requests answered 200 that sent emails (replays excluded). */
  requests: number;
  /** Emails accepted (a replayed request adds none). */
  emails: number;
  /** Distinct recipient addresses. */
  distinct: number;
  /** Emails beyond the first per recipient: must be 0. */
  duplicates: number;
  /** Requests answered from the idempotency store (nothing sent). */
  replays: number;
  /** Requests refused (4xx). */
  refused: number;
  /** Emails to addresses starting with "skip" (the bench's shoppers who must get none). */
  flagged: number;
  /** Largest batch seen. */
  maxBatch: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** The sink process's CPU time so far. */
  cpuSeconds: number;
}

function serve(apiKey: string, port = 0): Promise<http.Server> {
  let counts = new Map<string, number>();
  let idempotent = new Map<string, { hash: string; body: string }>();
  let stats: Omit<SinkStats, "cpuSeconds"> = { requests: 0, emails: 0, distinct: 0, duplicates: 0, replays: 0, refused: 0, flagged: 0, maxBatch: 0, maxInFlight: 0 };
  let inFlight = 0;
  let seq = 0;
  const answer = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  const refuse = (res: http.ServerResponse, status: number, name: string, message: string) => {
    stats.refused++;
    answer(res, status, JSON.stringify({ statusCode: status, name, message }));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      inFlight--;
      const url = (req.url ?? "/").split("?")[0]!;
      if (req.method === "GET" && url === "/stats") {
        const cpu = process.cpuUsage();
        return answer(res, 200, JSON.stringify({ ...stats, distinct: counts.size, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
      }
      if (req.method === "POST" && url === "/reset") {
        counts = new Map();
        idempotent = new Map();
        stats = { requests: 0, emails: 0, distinct: 0, duplicates: 0, replays: 0, refused: 0, flagged: 0, maxBatch: 0, maxInFlight: 0 };
        return answer(res, 200, "{}");
      }
      if (req.method !== "POST" || (url !== "/emails" && url !== "/emails/batch")) return refuse(res, 404, "not_found", "Not found");
      if (req.headers.authorization !== `Bearer ${apiKey}`) return refuse(res, 403, "invalid_api_key", "API key is invalid.");
      const raw = Buffer.concat(chunks);
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const hash = key ? createHash("sha1").update(url).update(raw).digest("hex") : "";
      if (key) {
        const previous = idempotent.get(key);
        if (previous && previous.hash !== hash) {
          return refuse(res, 409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
        }
        if (previous) {
          stats.replays++;
          return answer(res, 200, previous.body);
        }
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return refuse(res, 400, "validation_error", "Invalid JSON body.");
      }
      const batch = url === "/emails/batch";
      const list = batch ? body : [body];
      if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
        return refuse(res, 422, "validation_error", "A batch holds between 1 and 100 emails.");
      }
      const recipients: string[] = [];
      for (const e of list as Record<string, unknown>[]) {
        const to = Array.isArray(e?.to) ? (e.to as unknown[]) : [e?.to];
        const ok =
          typeof e?.from === "string" &&
          typeof e.subject === "string" &&
          (typeof e.html === "string" || typeof e.text === "string") &&
          to.every((t) => typeof t === "string" && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(t));
        if (!ok) return refuse(res, 422, "validation_error", "Invalid email in the request.");
        recipients.push(...(to as string[]));
      }
      for (const to of recipients) {
        const n = (counts.get(to) ?? 0) + 1;
        counts.set(to, n);
        if (n > 1) stats.duplicates++;
        if (to.startsWith("skip")) stats.flagged++;
      }
      stats.requests++;
      stats.emails += list.length;
      stats.maxBatch = Math.max(stats.maxBatch, list.length);
      const ids = list.map(() => ({ id: `re_${(++seq).toString(36).padStart(10, "0")}` }));
      const out = JSON.stringify(batch ? { data: ids } : ids[0]);
      if (key) idempotent.set(key, { hash, body: out });
      answer(res, 200, out);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

export interface FanoutSink {
  url: string;
  apiKey: string;
  stats(): Promise<SinkStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the sink in a child process (its own core); resolves once it listens. */
export async function startFanoutSink(): Promise<FanoutSink> {
  const apiKey = `re_bench_${randomBytes(8).toString("hex")}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, FANOUT_SINK_API_KEY: apiKey },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    child.once("exit", (code) => reject(new Error(`the sink exited (${code}) before listening`)));
    child.stdout!.on("data", (c: Buffer) => {
      buf += c.toString("utf8");
      const m = /listening (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    apiKey,
    stats: async () => (await (await fetch(`${url}/stats`)).json()) as SinkStats,
    reset: async () => void (await fetch(`${url}/reset`, { method: "POST" }).then((r) => r.arrayBuffer())),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const apiKey = process.env.FANOUT_SINK_API_KEY ?? "re_bench_key";
  void serve(apiKey, Number(process.env.PORT ?? 0)).then((server) => {
    report(`listening ${(server.address() as AddressInfo).port} ${process.env.FANOUT_SINK_API_KEY ? "" : apiKey}`.trim());
    process.on("SIGTERM", () => server.close(() => process.exit(0)));
  });
}
