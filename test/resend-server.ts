// A local HTTP server that speaks the part of Resend's API the app uses — POST /emails and
// POST /emails/batch, Bearer auth, Idempotency-Key (a replay returns the first answer and sends
// nothing; the same key with another body is a 409) — and records what it received. Tests point
// the Resend SDK at it (`baseUrl` / RESEND_BASE_URL) and make it fail on demand:
//   server.failNext(2, { status: 429, retryAfter: 0 })        // refuse the next two requests
//   server.failNext(1, { status: 500, afterAccepting: true })  // send, then answer 500 anyway
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  endpoint: "/emails" | "/emails/batch";
  idempotencyKey: string | null;
}

export interface ReceivedRequest {
  path: string;
  idempotencyKey: string | null;
  status: number;
  /** Emails in the request body (1 for /emails). */
  count: number;
  replayed: boolean;
}

export interface Failure {
  status: number;
  /** Seconds, sent as a Retry-After header. */
  retryAfter?: number;
  /** Process the request (the emails count as sent) and only then answer with the error. */
  afterAccepting?: boolean;
  /** Resend's error name; defaults by status. */
  name?: string;
}

export interface ResendServer {
  url: string;
  apiKey: string;
  /** Every email accepted, in order; a replayed request adds none. */
  emails: ReceivedEmail[];
  requests: ReceivedRequest[];
  failNext(count: number, failure: Failure): void;
  /** Emails accepted per recipient address. */
  countsByRecipient(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const errorNames: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "application_error",
  502: "application_error",
  503: "application_error",
};

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(status: number, message: string, name?: string) {
  return { statusCode: status, message, name: name ?? errorNames[status] ?? "application_error" };
}

function validEmail(e: unknown): string | null {
  if (!e || typeof e !== "object") return "each email must be an object";
  const m = e as Record<string, unknown>;
  if (typeof m.from !== "string" || !m.from) return "The `from` field is required.";
  if (!(typeof m.to === "string" || (Array.isArray(m.to) && m.to.length > 0))) return "The `to` field is required.";
  const recipients: unknown[] = Array.isArray(m.to) ? m.to : [m.to];
  if (!recipients.every((t) => typeof t === "string" && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(t))) {
    return "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
  }
  if (typeof m.subject !== "string" || !m.subject) return "The `subject` field is required.";
  if (typeof m.html !== "string" && typeof m.text !== "string") return "Either `html` or `text` is required.";
  return null;
}

export async function startResendServer(opts: { apiKey?: string } = {}): Promise<ResendServer> {
  const apiKey = opts.apiKey ?? `re_test_${randomBytes(6).toString("hex")}`;
  const emails: ReceivedEmail[] = [];
  const requests: ReceivedRequest[] = [];
  const failures: Failure[] = [];
  const idempotent = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "/").split("?")[0]!;
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const record = (status: number, count: number, replayed = false) =>
        requests.push({ path, idempotencyKey: key, status, count, replayed });

      if (req.method !== "POST" || (path !== "/emails" && path !== "/emails/batch")) {
        record(404, 0);
        return send(res, 404, errorBody(404, "Not found"));
      }
      const auth = req.headers.authorization;
      if (!auth) {
        record(401, 0);
        return send(res, 401, errorBody(401, "Missing API key in the authorization header."));
      }
      if (auth !== `Bearer ${apiKey}`) {
        record(403, 0);
        return send(res, 403, errorBody(403, "API key is invalid."));
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        record(400, 0);
        return send(res, 400, errorBody(400, "Invalid JSON body."));
      }
      const batch = path === "/emails/batch";
      const list = batch ? body : [body];
      if (!Array.isArray(list)) {
        record(422, 0);
        return send(res, 422, errorBody(422, "The batch body must be an array of emails."));
      }
      if (batch && (list.length === 0 || list.length > 100)) {
        record(422, list.length);
        return send(res, 422, errorBody(422, "A batch holds between 1 and 100 emails."));
      }
      for (const e of list) {
        const problem = validEmail(e);
        if (problem) {
          record(422, list.length);
          return send(res, 422, errorBody(422, problem));
        }
      }

      const failure = failures.shift();
      if (failure && !failure.afterAccepting) {
        record(failure.status, list.length);
        const headers: Record<string, string> = failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {};
        return send(res, failure.status, errorBody(failure.status, "Injected failure.", failure.name), headers);
      }

      const bodyHash = createHash("sha256").update(`${path}\n${raw}`).digest("hex");
      if (key) {
        const previous = idempotent.get(key);
        if (previous) {
          if (previous.bodyHash !== bodyHash) {
            record(409, list.length);
            return send(res, 409, errorBody(409, "Same idempotency key used with a different request payload."));
          }
          record(failure ? failure.status : previous.status, list.length, true);
          if (failure) return send(res, failure.status, errorBody(failure.status, "Injected failure."));
          return send(res, previous.status, previous.body);
        }
      }

      const ids = list.map((e) => {
        const m = e as Record<string, unknown>;
        const id = `re_${String(++seq).padStart(8, "0")}`;
        emails.push({
          id,
          from: m.from as string,
          to: Array.isArray(m.to) ? (m.to as string[]) : [m.to as string],
          subject: m.subject as string,
          html: m.html as string | undefined,
          text: m.text as string | undefined,
          headers: (m.headers as Record<string, string> | undefined) ?? {},
          endpoint: path as ReceivedEmail["endpoint"],
          idempotencyKey: key,
        });
        return id;
      });
      const answer = batch ? { data: ids.map((id) => ({ id })) } : { id: ids[0] };
      if (key) idempotent.set(key, { bodyHash, status: 200, body: answer });
      if (failure) {
        record(failure.status, list.length);
        return send(res, failure.status, errorBody(failure.status, "Injected failure after accepting."));
      }
      record(200, list.length);
      return send(res, 200, answer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    emails,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const e of emails) for (const to of e.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    reset() {
      emails.length = 0;
      requests.length = 0;
      failures.length = 0;
      idempotent.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
