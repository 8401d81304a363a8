// What the notification jobs need, handed in by their caller (the outbox worker, an Inngest
// function, a test): the database, a mailer, the clock, and the settings for links.
import type { Clock } from "../clock";
import type { Db } from "../db";
import type { Mailer } from "../mail/types";

export interface NotificationPorts {
  db: Db;
  mailer: Mailer;
  clock: Clock;
  /** Base URL for links in emails (APP_URL). */
  appUrl: string;
  /** Key for signing one-click unsubscribe links (AUTH_SECRET). */
  unsubscribeSecret: string;
  /**
   * Shoppers per announcement page (one announceCodeBatch, one Inngest step): claimed and
   * confirmed in one statement each, sent in batch calls of ≤ 100 (Resend's limit). Default 1,000.
   */
  pageSize?: number;
  /** Batch calls of one page in flight at once (default 4; 1 for the local mailbox). */
  sendConcurrency?: number;
}

/** A job was asked to stop between two batches (the worker is shutting down). */
export class JobInterrupted extends Error {
  constructor() {
    super("The job was interrupted between two batches; it resumes where it stopped.");
    this.name = "JobInterrupted";
  }
}
