// Which job failures are worth retrying. A permanent one (Inngest's NonRetriableError, a provider
// refusing our API key, a payload that does not match its event's schema) fails the event at
// once: retrying cannot help, and the event waits, marked failed, for `npm run outbox:redrive`
// after the cause is fixed.

/** A job failure no retry can fix. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/**
 * True for errors that must not be retried: PermanentJobError, Inngest's NonRetriableError, and
 * anything that says so itself (`retryable: false`, as MailDeliveryError does for a 401/403 from
 * the provider).
 */
export function isPermanentFailure(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { name?: unknown; retryable?: unknown };
  if (err.name === "PermanentJobError" || err.name === "NonRetriableError") return true;
  return err.retryable === false;
}
