// A small Upstash-REST-compatible server in front of a real Redis, so @upstash/redis (which speaks
// HTTP) runs against the real thing in tests and benchmarks. The protocol facts it implements
// (../shared/NOTES.md): every call is a POST with `Authorization: Bearer <token>`; `POST /` runs
// one command `["set","k","v"]` → `{"result": …}` (a Redis error → 400 `{"error": "…"}`);
// `POST /pipeline` and `POST /multi-exec` take `[[…], …]` and answer `[{"result"}|{"error"}, …]`
// (multi-exec atomically, as MULTI/EXEC); with `Upstash-Encoding: base64` every string in a result,
// also inside arrays, is base64 while numbers and null are not.
//
//   const bridge = await startUpstashBridge({ redisUrl: process.env.TEST_REDIS_URL! });
//   new Redis({ url: bridge.url, token: bridge.token })   // from @upstash/redis
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";
import type { UsageLedger } from "../lib/ledger/types";
import { createUpstashLedger } from "../lib/ledger/upstash";

export interface UpstashBridge {
  /** Base URL for UPSTASH_REDIS_REST_URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The bearer token the bridge accepts (UPSTASH_REDIS_REST_TOKEN). */
  token: string;
  /** HTTP requests served so far, by path (tests and benchmarks count round-trips with it). */
  requests: { "/": number; "/pipeline": number; "/multi-exec": number };
  /** Make every request fail with 503 until set back to false (outage tests). */
  setDown(down: boolean): void;
  /** Run the next `n` requests, then cut the connection instead of answering (lost responses). */
  dropResponses(n: number): void;
  close(): Promise<void>;
}

type Arg = string | number | boolean;
type Command = [string, ...Arg[]];
type Item = { result: unknown } | { error: string };

const MAX_BODY = 1024 * 1024;
const dropped = new WeakSet<ServerResponse>();

export async function startUpstashBridge(opts: { redisUrl: string; token?: string; port?: number; host?: string }): Promise<UpstashBridge> {
  const token = opts.token ?? randomBytes(16).toString("hex");
  const redis = new IORedis(opts.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: false, lazyConnect: true });
  const requests = { "/": 0, "/pipeline": 0, "/multi-exec": 0 };
  const scripts = new UpstashScripts();
  let down = false;
  let drop = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: `ERR bridge: ${(e as Error).message}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "") || "/";
    if (drop > 0) {
      drop--;
      dropped.add(res); // the command runs, its answer is lost (send() cuts the connection)
    }
    if (down) return send(res, 503, { error: "ERR service unavailable (bridge is down)" });
    if (req.method !== "POST") return send(res, 405, { error: "ERR only POST is supported" });
    if (!authorized(req.headers.authorization, token)) return send(res, 401, { error: "Unauthorized" });
    if (path !== "/" && path !== "/pipeline" && path !== "/multi-exec") {
      return send(res, 404, { error: `ERR unknown path ${path}` });
    }
    requests[path]++;
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encode = (v: unknown) => encodeResult(v, base64);

    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: "ERR failed to parse the request body as JSON" });
    }

    if (path === "/") {
      const command = asCommand(body);
      if (command) scripts.translate(command);
      if (!command) return send(res, 400, { error: "ERR the body must be a command array" });
      try {
        const [name, ...args] = command;
        return send(res, 200, { result: encode(await redis.callBuffer(name, ...args.map(String))) });
      } catch (e) {
        return send(res, 400, { error: (e as Error).message });
      }
    }

    const commands = Array.isArray(body) ? body.map(asCommand) : null;
    if (!commands || commands.length === 0 || commands.some((c) => c === null)) {
      return send(res, 400, { error: "ERR the body must be a non-empty array of command arrays" });
    }
    for (const c of commands as Command[]) scripts.translate(c);
    const chain = path === "/multi-exec" ? redis.multi() : redis.pipeline();
    for (const [name, ...args] of commands as Command[]) chain.callBuffer(name, ...args.map(String));
    let results: [Error | null, unknown][] | null;
    try {
      results = await chain.exec();
    } catch (e) {
      // MULTI aborted as a whole (EXECABORT: a command was refused when queued).
      return send(res, 400, { error: (e as Error).message });
    }
    if (!results) return send(res, 400, { error: "ERR transaction aborted" });
    const items: Item[] = results.map(([err, value]) => (err ? { error: err.message } : { result: encode(value) }));
    return send(res, 200, items);
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    token,
    requests,
    setDown: (d) => void (down = d),
    dropResponses: (n) => void (drop = n),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

/**
 * Upstash accepts script flags real Redis refuses: @upstash/ratelimit's scripts start with
 * `#!lua flags=allow-key-locking` (Redis 7: "Unexpected flag in script shebang"). The bridge
 * drops that flag before Redis sees the script, and runs EVALSHA of the original's SHA-1 (the
 * client's name for it) as the script it knows by that name.
 */
class UpstashScripts {
  readonly #bySha = new Map<string, string>();

  translate(command: Command): void {
    const name = command[0].toLowerCase();
    if (name === "eval" || (name === "script" && String(command[1]).toLowerCase() === "load")) {
      const at = name === "eval" ? 1 : 2;
      const script = String(command[at]);
      const stripped = script.replace(/^(#!lua[^\n]*?)\s*flags=allow-key-locking/, "$1");
      if (stripped !== script) {
        this.#bySha.set(createHash("sha1").update(script).digest("hex"), stripped);
        command[at] = stripped;
      }
    } else if (name === "evalsha") {
      const script = this.#bySha.get(String(command[1]).toLowerCase());
      if (script) {
        command[0] = "eval";
        command[1] = script;
      }
    }
  }
}

function authorized(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? "");
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function asCommand(v: unknown): Command | null {
  if (!Array.isArray(v) || v.length === 0 || typeof v[0] !== "string") return null;
  if (!v.every((a) => typeof a === "string" || typeof a === "number" || typeof a === "boolean")) return null;
  return v as Command;
}

/** Redis replies as Upstash sends them: strings (base64 when asked), integers, null, arrays. */
export function encodeResult(v: unknown, base64: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return base64 ? v.toString("base64") : v.toString("utf8");
  if (typeof v === "string") return base64 ? Buffer.from(v, "utf8").toString("base64") : v;
  if (typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((x) => encodeResult(x, base64));
  if (v instanceof Error) return null;
  // ioredis turns HGETALL's array into an object; Upstash sends the flat array.
  if (typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [encodeResult(k, base64), encodeResult(x, base64)]);
  return null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (dropped.has(res)) {
    res.socket?.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** An Upstash ledger over a fresh bridge on `redisUrl`, under a random key prefix; close() deletes its keys. */
/**
 * A bridge over `redisUrl` with a key prefix of its own: whatever a test writes under the prefix
 * is deleted on close(), so suites share one Redis without seeing each other.
 */
export async function openUpstashPrefix(redisUrl: string): Promise<{ bridge: UpstashBridge; prefix: string; close(): Promise<void> }> {
  const bridge = await startUpstashBridge({ redisUrl });
  const prefix = `t:${randomBytes(6).toString("hex")}:`;
  return {
    bridge,
    prefix,
    close: async () => {
      const raw = new IORedis(redisUrl);
      let cursor = "0";
      do {
        const [next, keys] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        cursor = next;
        if (keys.length) await raw.del(...keys);
      } while (cursor !== "0");
      raw.disconnect();
      await bridge.close();
    },
  };
}

export async function openUpstashLedger(redisUrl: string): Promise<{ ledger: UsageLedger; bridge: UpstashBridge; close(): Promise<void> }> {
  const { bridge, prefix, close } = await openUpstashPrefix(redisUrl);
  return { ledger: createUpstashLedger({ url: bridge.url, token: bridge.token, prefix }), bridge, close };
}
