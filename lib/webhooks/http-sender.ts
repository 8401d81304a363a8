// The adapter that POSTs a webhook: node:http/https, connecting only to the address that
// vetWebhookUrl checked (a `lookup` that returns it), so a name that resolves to a public address
// at check time and to a private one a moment later (DNS rebinding) still reaches the public one.
// No redirects are followed (a 3xx is a failed attempt, as Standard Webhooks says).
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { vetWebhookUrl, type ResolveHost } from "./ssrf";

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowLocalhost: boolean;
}

export interface WebhookOutcome {
  /** A 2xx answer. */
  ok: boolean;
  /** The receiver's status code; null when there was no answer (refused, timeout, network). */
  status: number | null;
  /** Why there was no 2xx, short and free of secrets. */
  error: string | null;
  durationMs: number;
}

/** POSTs one webhook attempt; never throws. */
export type WebhookSender = (req: WebhookRequest) => Promise<WebhookOutcome>;

/** Every address of a host name, as the system resolver answers. */
export const resolveWithDns: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** How much of a receiver's answer is read (then the connection is dropped). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function createHttpSender(opts: { resolve?: ResolveHost } = {}): WebhookSender {
  const resolve = opts.resolve ?? resolveWithDns;
  return async (req) => {
    const started = performance.now();
    const done = (status: number | null, error: string | null): WebhookOutcome => ({
      ok: status !== null && status >= 200 && status < 300,
      status,
      error,
      durationMs: Math.round(performance.now() - started),
    });
    const vetted = await vetWebhookUrl(req.url, { allowLocalhost: req.allowLocalhost, resolve });
    if (!vetted.ok) return done(null, `refused: the URL ${vetted.reason}`);
    const { url, address } = vetted;
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
      else callback(null, address.address, address.family);
    };
    const client = url.protocol === "https:" ? https : http;
    return new Promise<WebhookOutcome>((resolveOutcome) => {
      const signal = AbortSignal.timeout(req.timeoutMs);
      const request = client.request(
        url,
        {
          method: "POST",
          headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) },
          lookup: pinned,
          signal,
          // One request per connection: a pooled socket could outlive the address check.
          agent: false,
        },
        (res) => {
          let read = 0;
          res.on("data", (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on("error", () => {});
          res.on("close", () => resolveOutcome(done(res.statusCode ?? null, res.statusCode && res.statusCode < 300 && res.statusCode >= 200 ? null : `HTTP ${res.statusCode}`)));
        },
      );
      request.on("error", (e: NodeJS.ErrnoException) => {
        const timedOut = signal.aborted;
        resolveOutcome(done(null, timedOut ? `timeout after ${req.timeoutMs} ms` : `network error${e.code ? ` (${e.code})` : ""}`));
      });
      request.end(req.body);
    });
  };
}
