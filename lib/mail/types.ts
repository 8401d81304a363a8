// The Mailer port: what the notification jobs need of an email provider. Two adapters implement
// it — Resend (resend.ts) and the local mailbox (mailbox.ts) — with the same idempotency
// semantics: a retry with the same `idempotencyKey` delivers nothing new and returns the same ids.

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra MIME headers, e.g. List-Unsubscribe / List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

export interface SendOptions {
  /** The same key on a retry → the provider does not send again (Resend keeps keys for 24 h). */
  idempotencyKey: string;
}

export interface Mailer {
  readonly kind: "resend" | "mailbox";
  send(message: MailMessage, opts: SendOptions): Promise<{ id: string }>;
  /** Up to MAX_BATCH messages in one call; ids come back in the order of `messages`. */
  sendBatch(messages: MailMessage[], opts: SendOptions): Promise<{ ids: string[] }>;
}

/** Resend's batch endpoint takes at most 100 emails per call. */
export const MAX_BATCH = 100;

/** A send the provider refused or that could not be completed; `retryable` says whether to try again. */
export class MailDeliveryError extends Error {
  readonly status: number | null;
  readonly retryable: boolean;
  readonly providerCode?: string;

  constructor(message: string, opts: { status: number | null; retryable: boolean; providerCode?: string }) {
    super(message);
    this.name = "MailDeliveryError";
    this.status = opts.status;
    this.retryable = opts.retryable;
    this.providerCode = opts.providerCode;
  }
}

export function assertBatchSize(messages: readonly MailMessage[]): void {
  if (messages.length === 0) throw new Error("sendBatch needs at least one message");
  if (messages.length > MAX_BATCH) throw new Error(`sendBatch takes at most ${MAX_BATCH} messages, got ${messages.length}`);
}
