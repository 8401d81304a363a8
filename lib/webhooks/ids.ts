// Prefixed, time-sortable ids for webhook rows. lib/ids.ts has no webhook kinds; its encoding is
// reused (the part after the prefix) so these sort by creation time like every other id.
import { newId } from "../ids";

const body = (now?: number) => newId("message", now).slice("msg_".length);

/** An endpoint: `we_…`. */
export const newEndpointId = (now?: number) => `we_${body(now)}`;
/** A message, sent as the `webhook-id` header: `msg_…` (as Standard Webhooks' own examples). */
export const newMessageId = (now?: number) => `msg_${body(now)}`;
/** One delivery attempt: `wd_…`. */
export const newDeliveryId = (now?: number) => `wd_${body(now)}`;
