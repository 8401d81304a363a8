// The events the domain emits, written to the outbox in the same transaction as the change and
// published afterwards (Inngest in production, the in-process worker otherwise).
export interface EventPayloads {
  /** A brand created a code: announce it to every shopper who has not opted out. */
  "discount/code.created": { codeId: string; brandId: string };
  /** A use of a code was confirmed (at once, or a hold confirmed): tell the brand's admins; webhook usage.confirmed. */
  "discount/code.redeemed": { usageId: string; codeId: string; brandId: string; userId: string };
  /** A confirmed use was reversed (cancelled or refunded order): tell the brand; webhook usage.reversed. */
  "discount/usage.reversed": { usageId: string; codeId: string; brandId: string; userId: string };
  /** A capped code's last use was taken: webhook code.exhausted. */
  "discount/code.exhausted": { codeId: string; brandId: string };
  /** A brand asked for a batch of unique codes: generate them in chunks. */
  "discount/batch.requested": { batchId: string; brandId: string };
  /** A batch finished generating: webhook batch.completed. */
  "discount/batch.completed": { batchId: string; brandId: string };
  /** A new account (or a resend): email the verification link. `nonce` derives the link's token with AUTH_SECRET. */
  "account/verification.requested": { userId: string; nonce: string };
}

export type EventName = keyof EventPayloads;

/**
 * Publishes outbox rows soon after their transaction commits (best effort, never throws; a
 * sweeper publishes whatever this missed). Domain code calls it with the ids enqueueEvent returned.
 */
export interface EventDispatcher {
  dispatch(outboxIds: number[]): void;
}
