// `next start`, one process per core behind the same port (Node's cluster: the primary accepts
// connections and hands them to its workers in turn). Each worker is an unmodified `next start`:
// the same server, the same instrumentation — the app already runs as several instances sharing
// PostgreSQL and Redis (exactly-once claims, the outbox, sweepers), and its workers are such
// instances. A worker that dies is replaced (one that dies before it ever listened stops the lot:
// a broken start is not retried forever); SIGTERM/SIGINT stop all of them.
//
//   tsx scripts/serve.ts [app dir]   (PORT; WEB_CONCURRENCY processes, default one per core)
//
// The embedded PGlite database allows one process per data folder: `npm start` runs one worker
// there (scripts/start.ts), and one per core with DATABASE_URL.
import cluster from "node:cluster";
import { createRequire } from "node:module";
import os from "node:os";
import { log } from "../lib/log";

const require = createRequire(import.meta.url);

/** WEB_CONCURRENCY when set, else one process per core. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.WEB_CONCURRENCY);
  return Number.isInteger(asked) && asked > 0 ? asked : os.availableParallelism();
}

export function serve(opts: { port: number; dir?: string; workers: number; onReady?: () => void }): void {
  const args = ["start", ...(opts.dir ? [opts.dir] : []), "-p", String(opts.port)];
  // Workers run Next's own CLI, without this process's TypeScript loader, and write their log
  // lines straight to the shared stdout (relaying them here would cost a pipe write per line).
  cluster.setupPrimary({ exec: require.resolve("next/dist/bin/next"), args, execArgv: [] });
  let stopping = false;
  const listened = new Set<number>();
  const fork = () => cluster.fork();
  for (let i = 0; i < opts.workers; i++) fork();
  cluster.on("listening", (worker) => {
    listened.add(worker.id);
    if (listened.size === opts.workers) opts.onReady?.();
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!listened.has(worker.id)) {
      log.fatal({ pid: worker.process.pid, code, signal }, "a server process failed to start");
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      process.exitCode = code ?? 1;
      setTimeout(() => process.exit(code ?? 1), 5_000).unref();
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, "a server process died; starting another");
    setTimeout(fork, 1_000).unref();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve({ port: Number(process.env.PORT ?? 3000), dir: process.argv[2], workers: workerCount() });
}
