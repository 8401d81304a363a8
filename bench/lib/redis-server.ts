// A throwaway redis-server for measurements: its own port, no persistence, Redis's upstream
// default encoding limits (given explicitly: Debian's build starts with hash-max-listpack-entries
// 512, the shared server's value), in a process group of its own (detached = setsid), stopped by
// its group id. Never touches the shared Redis on 6379.
//   const server = await startRedisServer(); … server.url … await server.stop();
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/** Redis 7.0's compiled-in defaults for the compact encodings (redis.conf of the upstream source). */
export const REDIS_DEFAULT_LIMITS = {
  "hash-max-listpack-entries": "128",
  "hash-max-listpack-value": "64",
  "set-max-intset-entries": "512",
  "zset-max-listpack-entries": "128",
  "zset-max-listpack-value": "64",
} as const;

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startRedisServer(opts: { limits?: Record<string, string> } = {}): Promise<RedisServer> {
  const port = await freePort();
  const limits = { ...REDIS_DEFAULT_LIMITS, ...opts.limits };
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"];
  for (const [k, v] of Object.entries(limits)) args.push(`--${k}`, v);
  const child = spawn("redis-server", args, { detached: true, stdio: "ignore" });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error("redis-server did not start");
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  };
  for (let i = 0; ; i++) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined); // refused until the server listens: connect() rejects too
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch (e) {
      probe.disconnect();
      if (i >= 50) {
        await stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, port, stop };
}
