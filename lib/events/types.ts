// The events the domain emits, written to the outbox in the same transaction as the change and
// published afterwards (Inngest in production, the in-process worker otherwise).
export interface EventPayloads {
  /** A brand created a code: announce it to every shopper who has not opted out. */
  "discount/code.created": { codeId: string; brandId: string };
  /** A shopper redeemed a code: tell the brand's admins. */
  "discount/code.redeemed": { usageId: string; codeId: string; brandId: string; userId: string };
  /** A new account (or a resend): email the verification link. `nonce` derives the link's token with AUTH_SECRET. */
  "account/verification.requested": { userId: string; nonce: string };
}

export type EventName = keyof EventPayloads;
export const eventNames = ["discount/code.created", "discount/code.redeemed", "account/verification.requested"] as const satisfies readonly EventName[];

/**
 * Publishes outbox rows soon after their transaction commits (best effort, never throws; a
 * sweeper publishes whatever this missed). Domain code calls it with the ids enqueueEvent returned.
 */
export interface EventDispatcher {
  dispatch(outboxIds: number[]): void;
}
