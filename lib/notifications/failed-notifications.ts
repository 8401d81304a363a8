// The brand's notifications that failed for good (outbox events with failed_at set whose payload
// names the brand), for the dashboard's overview. Errors are stored redacted (lib/log) and are
// redacted once more here, for rows written before that.
import "server-only";
import type { Db } from "../db";
import { listFailedEvents } from "../events/outbox-store";
import { redact } from "../log";

export interface FailedNotification {
  id: number;
  name: string;
  /** What the event was for, in the brand's words. */
  label: string;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
  createdAt: Date;
}

const labels: Record<string, string> = {
  "discount/code.created": "Announcement of a new code to shoppers",
  "discount/code.redeemed": "Usage notice to your admins",
};

/** The command that re-queues them (shown on the page; ops run it where the app runs). */
export const REDRIVE_COMMAND = "npm run outbox:redrive";

export async function failedNotifications(db: Db, o: { brandId: string; limit?: number }): Promise<FailedNotification[]> {
  const rows = await listFailedEvents(db, { brandId: o.brandId, limit: o.limit ?? 20 });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    label: labels[r.name] ?? r.name,
    attempts: r.attempts,
    lastError: r.lastError === null ? null : redact(r.lastError),
    failedAt: r.failedAt,
    createdAt: r.createdAt,
  }));
}
