// lib/notifications: the notification jobs, framework-free. Callers (the outbox worker, the
// Inngest functions, tests) hand them their ports.
import type { EventName, EventPayloads } from "../events/types";
import { announceCode, type AnnounceOptions } from "./announce-code";
import { notifyBrandOfUsage } from "./notify-brand-of-usage";
import { sendVerificationEmail } from "./send-verification";
import type { NotificationPorts } from "./ports";

export * from "./ports";
export { announceCode, announceCodeBatch, announcementJobKey, type AnnounceBatchInput, type AnnounceBatchResult } from "./announce-code";
export { notifyBrandOfUsage, usageJobKey, type NotifyBrandResult } from "./notify-brand-of-usage";
export { sendVerificationEmail, renderVerificationEmail, verificationJobKey, type SendVerificationResult } from "./send-verification";
export { getNotificationSettings, setNotificationOptIn, unsubscribe, unsubscribeTarget, type NotificationSettings, type UnsubscribeTarget } from "./opt-in";
export { unsubscribeUrl, unsubscribeHeaders } from "./messages";
export * from "./schemas";

/** Runs the job an outbox event asks for (the in-process worker's dispatch table). */
export async function runNotificationJob<N extends EventName>(
  ports: NotificationPorts,
  { name, payload }: { name: N; payload: EventPayloads[N] },
  opts: AnnounceOptions = {},
): Promise<unknown> {
  switch (name) {
    case "discount/code.created":
      return announceCode(ports, { codeId: (payload as EventPayloads["discount/code.created"]).codeId }, opts);
    case "discount/code.redeemed":
      return notifyBrandOfUsage(ports, { usageId: (payload as EventPayloads["discount/code.redeemed"]).usageId });
    case "discount/usage.reversed":
      return notifyBrandOfUsage(ports, { usageId: (payload as EventPayloads["discount/usage.reversed"]).usageId, event: "reversed" });
    case "account/verification.requested":
      return sendVerificationEmail(ports, payload as EventPayloads["account/verification.requested"]);
    default:
      throw new Error(`No job for event ${String(name)}`);
  }
}
