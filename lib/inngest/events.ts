// Typed Inngest triggers for the outbox events (lib/events/types.ts), plus the announcement's
// own continuation event: a run sends at most `batchesPerRun` batches, then hands the cursor to
// a fresh run, so an announcement to millions of shoppers stays under Inngest's step limit.
import { eventType, staticSchema } from "inngest";
import type { EventPayloads } from "../events/types";

export const codeCreated = eventType("discount/code.created", {
  schema: staticSchema<EventPayloads["discount/code.created"]>(),
});

export const codeRedeemed = eventType("discount/code.redeemed", {
  schema: staticSchema<EventPayloads["discount/code.redeemed"]>(),
});

export const verificationRequested = eventType("account/verification.requested", {
  schema: staticSchema<EventPayloads["account/verification.requested"]>(),
});

export interface AnnouncementContinued {
  codeId: string;
  brandId: string;
  /** The cursor the previous run stopped at. */
  after: string | null;
  /** 1 for the first continuation, 2 for the next… */
  part: number;
  /** The outbox row's event id (the first run's Inngest event id): onFailure marks that row failed. */
  outboxEventId?: string;
}

export const announcementContinued = eventType("notifications/announcement.continued", {
  schema: staticSchema<AnnouncementContinued & Record<string, unknown>>(),
});

export const batchRequested = eventType("discount/batch.requested", {
  schema: staticSchema<EventPayloads["discount/batch.requested"]>(),
});
