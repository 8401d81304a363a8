// The Resend adapter. The SDK returns `{ error }` instead of throwing: every error is checked here
// and thrown, so a job (an Inngest step, the outbox worker) retries it. Rate limits (429) and
// server errors (5xx, network) are retried in place with the same Idempotency-Key, so Resend
// never sends a retried request twice; other 4xx are final.
import "server-only";
import { Resend } from "resend";
import { assertBatchSize, MailDeliveryError, type Mailer, type MailMessage, type SendOptions } from "./types";

export interface ResendMailerOptions {
  apiKey: string;
  from: string;
  /** Another server speaking Resend's API (tests); default RESEND_BASE_URL or api.resend.com. */
  baseUrl?: string;
  /** Tries per request, the first included (default 4). */
  maxAttempts?: number;
  /** First back-off delay; doubles per retry (default 500 ms). */
  baseDelayMs?: number;
  /** Cap on any one wait, also on a Retry-After the server asks for (default 10 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface SdkResult<T> {
  data: T | null;
  error: { message: string; statusCode?: number | null; name?: string } | null;
  headers: Record<string, string> | null;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** 429, 5xx, no answer at all, or another request with this key still in flight. */
function isRetryable(status: number | null | undefined, name: string | undefined): boolean {
  if (status === null || status === undefined) return true;
  if (name === "concurrent_idempotent_requests") return true;
  return status === 429 || status >= 500;
}

function retryAfterMs(headers: Record<string, string> | null): number | null {
  const value = headers?.["retry-after"];
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function toApi(from: string, m: MailMessage) {
  return { from, to: m.to, subject: m.subject, html: m.html, text: m.text, ...(m.headers ? { headers: m.headers } : {}) };
}

export function createResendMailer(opts: ResendMailerOptions): Mailer {
  const maxAttempts = opts.maxAttempts ?? 4;
  const baseDelay = opts.baseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const sleep = opts.sleep ?? defaultSleep;
  // `new Resend()` throws without a key: build the client on first use, not at import.
  let client: Resend | undefined;
  const resend = () => (client ??= new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined));

  async function withRetries<T>(what: string, call: () => Promise<SdkResult<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { data, error, headers } = await call();
      if (!error && data) return data;
      const status = error?.statusCode ?? null;
      const retryable = error ? isRetryable(status, error.name) : true;
      const message = error ? `${error.name ?? "error"}: ${error.message}` : "empty response";
      if (!retryable || attempt >= maxAttempts) {
        throw new MailDeliveryError(`Resend ${what} failed after ${attempt} attempt(s) — ${message}`, {
          status,
          retryable,
          providerCode: error?.name,
        });
      }
      const backoff = baseDelay * 2 ** (attempt - 1);
      await sleep(Math.min(maxDelay, retryAfterMs(headers) ?? backoff));
    }
  }

  return {
    kind: "resend",
    async send(message: MailMessage, { idempotencyKey }: SendOptions) {
      const data = await withRetries("send", () =>
        resend().emails.send(toApi(opts.from, message), { idempotencyKey }) as Promise<SdkResult<{ id: string }>>,
      );
      return { id: data.id };
    },
    async sendBatch(messages: MailMessage[], { idempotencyKey }: SendOptions) {
      assertBatchSize(messages);
      const data = await withRetries("batch send", () =>
        resend().batch.send(
          messages.map((m) => toApi(opts.from, m)),
          { idempotencyKey },
        ) as Promise<SdkResult<{ data: { id: string }[] }>>,
      );
      if (data.data.length !== messages.length) {
        throw new MailDeliveryError(`Resend batch send returned ${data.data.length} ids for ${messages.length} emails`, {
          status: null,
          retryable: false,
        });
      }
      return { ids: data.data.map((d) => d.id) };
    },
  };
}
