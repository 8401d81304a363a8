// App instances in processes of their own (test/app-instance.ts), as two servers behind a load
// balancer would be: they share nothing but PostgreSQL and Redis. Configured by env (see there).
import { spawn, type ChildProcess } from "node:child_process";

export interface Instance {
  url: string;
  child: ChildProcess;
  /** Resolves with the next stdout line matching `test`. */
  nextLine(test: (line: string) => boolean): Promise<string>;
}

export function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/app-instance.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  const seen: string[] = [];
  let buf = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buf += chunk.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiting.findIndex((x) => x.test(line));
      if (w >= 0) waiting.splice(w, 1)[0]!.resolve(line);
      else seen.push(line);
    }
  });
  const nextLine = (test: (l: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const i = seen.findIndex(test);
      if (i >= 0) return resolve(seen.splice(i, 1)[0]!);
      waiting.push({ test, resolve });
      child.once("exit", (code) => reject(new Error(`app instance exited (${code})`)));
    });
  return nextLine((l) => l.includes('"url"')).then((line) => ({ url: (JSON.parse(line) as { url: string }).url, child, nextLine }));
}

export async function stopInstance(i: Instance | undefined): Promise<void> {
  if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
  await new Promise((resolve) => {
    i.child.once("exit", resolve);
    i.child.stdin?.end();
    setTimeout(() => i.child.kill("SIGKILL"), 5_000).unref();
  });
}
