// A TCP proxy for fault tests: put it in front of PostgreSQL (or anything) and switch it at will.
//   pass      — forward both ways (the default);
//   cut       — destroy every connection and refuse new ones (the port closes): a crash, a restart;
//   blackhole — accept connections, keep every socket open, forward nothing either way (what was
//               sent is dropped): a partition, a dead NAT entry, a failed-over address. Going back
//               to pass resets the connections held meanwhile (their streams lost bytes).
//
//   const proxy = await startTcpProxy({ port: 5432 });
//   const url = proxy.urlFor("postgres://root@127.0.0.1:5432/db");  // → 127.0.0.1:<proxy port>
//   proxy.cut(); …; await proxy.pass();
import net from "node:net";

export type ProxyMode = "pass" | "cut" | "blackhole";

export interface TcpProxy {
  port: number;
  readonly mode: ProxyMode;
  /** The connection string with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  pass(): Promise<void>;
  cut(): void;
  blackhole(): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** Held by a black hole: its bytes were dropped, it cannot be forwarded again. */
  holed: boolean;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? "127.0.0.1";
  let mode: ProxyMode = "pass";
  let accepted = 0;
  const pairs = new Set<Pair>();

  const drop = (p: Pair) => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };

  const server = net.createServer((client) => {
    accepted++;
    const pair: Pair = { client, upstream: null, holed: mode === "blackhole" };
    pairs.add(pair);
    client.on("error", () => drop(pair));
    client.on("close", () => drop(pair));
    client.on("data", (chunk) => {
      if (mode === "pass" && !pair.holed && pair.upstream) pair.upstream.write(chunk);
      else if (mode === "blackhole") pair.holed = true;
    });
    if (pair.holed) return; // accepted into the black hole: never connected upstream
    // Pause until upstream is up, so the first bytes are not lost.
    client.pause();
    const upstream = net.connect({ host, port: target.port }, () => client.resume());
    pair.upstream = upstream;
    upstream.on("error", () => drop(pair));
    upstream.on("close", () => drop(pair));
    upstream.on("data", (chunk) => {
      if (mode === "pass" && !pair.holed) client.write(chunk);
      else if (mode === "blackhole") pair.holed = true;
    });
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    urlFor(url: string) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async pass() {
      if (mode === "cut") await listen(port);
      if (mode === "blackhole") for (const p of [...pairs]) if (p.holed) drop(p);
      mode = "pass";
    },
    cut() {
      mode = "cut";
      server.close();
      for (const p of [...pairs]) drop(p);
    },
    blackhole() {
      mode = "blackhole";
    },
    async close() {
      mode = "cut";
      for (const p of [...pairs]) drop(p);
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
