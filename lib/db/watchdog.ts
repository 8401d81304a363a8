// A client-side bound on a PostgreSQL connection that stops answering. statement_timeout bounds
// what the server does, connect_timeout the handshake — but a connection whose peer is gone or
// black-holed (TCP accepts, nothing comes back: a failover, a dead NAT entry, a partition) never
// hears of either, and postgres.js has no query timeout: the query would wait for the kernel's
// retransmission timeout (~15 min). So postgres.js gets its sockets from here (its `socket`
// option), and a socket that has sent something and heard nothing back for `stallMs` is destroyed
// with a CONNECTION_STALLED error: postgres.js fails that connection's queries with it (→ 503) and
// opens a new connection for the next query.
//
// "Heard nothing back": armed by a write, disarmed by a chunk that ends with ReadyForQuery (the
// server is idle again), pushed back by any other chunk (an answer still streaming). stallMs must
// be above statement_timeout, so a slow query is cancelled by the server (a clean error) before the
// watchdog cuts its connection. Plain TCP only: over TLS the bytes cannot be read, and the socket
// is left to postgres.js (statement_timeout, TCP keepalive).
import net from "node:net";

/** ReadyForQuery: 'Z', length 5, transaction status I (idle), T (in a transaction) or E (failed). */
function endsWithReadyForQuery(chunk: Buffer): boolean {
  const n = chunk.length;
  if (n < 6) return false;
  const status = chunk[n - 1];
  return (
    chunk[n - 6] === 0x5a &&
    chunk[n - 5] === 0 &&
    chunk[n - 4] === 0 &&
    chunk[n - 3] === 0 &&
    chunk[n - 2] === 5 &&
    (status === 0x49 || status === 0x54 || status === 0x45)
  );
}

export class ConnectionStalledError extends Error {
  readonly code = "CONNECTION_STALLED";
  constructor(stallMs: number) {
    super(`the database sent nothing back for ${stallMs} ms; connection closed`);
    this.name = "ConnectionStalledError";
  }
}

/** Wraps a connecting socket with the watchdog. */
export function watchSocket(socket: net.Socket, stallMs: number): net.Socket {
  let armedAt: number | null = null;
  let timer: NodeJS.Timeout | null = null;

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, Math.max(1, ms));
    timer.unref();
  };
  // A timer can fire before the poll phase reads data that arrived while the event loop was busy:
  // look again after I/O (setImmediate) so a slow process does not take a slow answer for none.
  const check = () => {
    timer = null;
    setImmediate(() => {
      if (armedAt === null || socket.destroyed) return;
      const silent = performance.now() - armedAt;
      if (silent >= stallMs) socket.destroy(new ConnectionStalledError(stallMs));
      else schedule(stallMs - silent);
    });
  };

  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    if (armedAt === null) {
      armedAt = performance.now();
      schedule(stallMs);
    }
    return write(...args);
  }) as typeof socket.write;
  socket.on("data", (chunk: Buffer) => {
    if (endsWithReadyForQuery(chunk)) {
      armedAt = null;
      if (timer) clearTimeout(timer);
      timer = null;
    } else if (armedAt !== null) {
      armedAt = performance.now();
    }
  });
  socket.once("close", () => {
    armedAt = null;
    if (timer) clearTimeout(timer);
  });
  return socket;
}

/**
 * postgres.js's `socket` option: a connecting socket to the configured host (or Unix socket), under
 * the watchdog unless the connection asks for TLS (then a plain socket that postgres.js upgrades).
 * Several hosts are tried in turn, one per connection attempt, as postgres.js would.
 */
export function watchedSockets(stallMs: number) {
  let next = 0;
  return (o: { host: string[]; port: number[]; path?: string | false; ssl?: unknown }): net.Socket => {
    if (o.path) return watchSocket(net.connect({ path: o.path }), stallMs);
    const i = next++ % Math.max(1, o.host.length);
    const host = o.host[i]!;
    const port = o.port[i] ?? o.port[0]!;
    // postgres.js reads `host` off the socket for TLS's servername (SNI).
    const socket = Object.assign(net.connect({ host, port }), { host, port });
    return o.ssl ? socket : watchSocket(socket, stallMs);
  };
}

/** A query that did not settle within the pool's query deadline; `sent` says whether it reached a connection. */
export class QueryDeadlineError extends Error {
  readonly code: "CONNECTION_QUEUE_TIMEOUT" | "CONNECTION_QUERY_TIMEOUT";
  constructor(ms: number, readonly sent: boolean) {
    super(sent ? `the database did not answer within ${ms} ms` : `no database connection within ${ms} ms; the query was not sent`);
    this.name = "QueryDeadlineError";
    this.code = sent ? "CONNECTION_QUERY_TIMEOUT" : "CONNECTION_QUEUE_TIMEOUT";
  }
}

type PgQuery = PromiseLike<unknown> & { state?: unknown; cancel(): unknown };
type PgSql = ((...a: unknown[]) => unknown) & { unsafe(...a: unknown[]): PgQuery; begin(...a: unknown[]): Promise<unknown> };

/**
 * postgres.js has no query timeout, and a query waits in its queue for as long as no connection
 * can be made (each attempt bounded by connect_timeout, one at a time per connection): in an
 * outage that queue grows and so does every wait. This bounds each query drizzle sends — its wait
 * for a connection included — to `ms`: a query still queued is taken out of the queue (never sent:
 * CONNECTION_QUEUE_TIMEOUT), a query already sent is given up on (CONNECTION_QUERY_TIMEOUT; its
 * outcome is unknown, and the stall watchdog closes its connection if it stays silent).
 */
export function withQueryDeadline<T extends object>(client: T, ms: number): T {
  const bound = (q: PgQuery): PgQuery => {
    const then = q.then.bind(q);
    (q as { then: PgQuery["then"] }).then = (onFulfilled, onRejected) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const sent = Boolean(q.state);
          if (!sent) void Promise.resolve(q.cancel()).catch(() => {});
          reject(new QueryDeadlineError(ms, sent));
        }, ms);
      });
      const settled = then(
        (v) => (clearTimeout(timer), v),
        (e: unknown) => {
          clearTimeout(timer);
          throw e;
        },
      );
      return Promise.race([settled, deadline]).then(onFulfilled, onRejected);
    };
    return q;
  };
  const wrap = (sql: PgSql): PgSql =>
    new Proxy(sql, {
      get(target, prop, receiver) {
        if (prop === "unsafe") return (...a: unknown[]) => bound(target.unsafe(...a));
        if (prop === "begin") {
          return (...a: unknown[]) => {
            const fn = a[a.length - 1] as (tx: PgSql) => unknown;
            return target.begin(...a.slice(0, -1), (tx: PgSql) => fn(wrap(tx)));
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
  return wrap(client as unknown as PgSql) as unknown as T;
}
