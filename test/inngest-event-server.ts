// A local stand-in for Inngest's event API (`POST /e/<event key>`), enough to test publishing:
// it records every event it accepts, counts each event id once (as Inngest deduplicates events
// by `id`), and can fail on demand. Point a client at it with `new Inngest({ baseUrl })`.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEvent {
  id?: string;
  name: string;
  data: Record<string, unknown>;
}

export interface InngestEventServer {
  url: string;
  eventKey: string;
  /** Every event received, duplicates included. */
  received: ReceivedEvent[];
  /** Distinct event ids: what Inngest would run functions for. */
  uniqueIds(): Set<string>;
  failNext(count: number, status?: number): void;
  /** Forget failures not yet served. */
  heal(): void;
  close(): Promise<void>;
}

export async function startInngestEventServer(eventKey = "test-event-key"): Promise<InngestEventServer> {
  const received: ReceivedEvent[] = [];
  let failures: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method !== "POST" || req.url !== `/e/${eventKey}`) {
        res.writeHead(401);
        return res.end(JSON.stringify({ error: "Event key not found", status: 401 }));
      }
      const status = failures.shift();
      if (status) {
        res.writeHead(status);
        return res.end(JSON.stringify({ error: "injected failure", status }));
      }
      const events = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ReceivedEvent[];
      received.push(...events);
      res.writeHead(200);
      res.end(JSON.stringify({ ids: events.map((e, i) => e.id ?? `evt_${received.length + i}`), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    eventKey,
    received,
    uniqueIds: () => new Set(received.map((e) => e.id!).filter(Boolean)),
    failNext(count, status = 500) {
      failures = [...failures, ...Array.from({ length: count }, () => status)];
    },
    heal() {
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
