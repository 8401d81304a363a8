// Writing to the transactional outbox. Call inside the transaction that makes the change:
//   await db.transaction(async (tx) => { …insert…; await enqueueEvent(tx, { name: "discount/code.created", payload: {…} }) })
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../db";
import { outboxEvents } from "../db/schema";
import type { EventName, EventPayloads } from "./types";

export async function enqueueEvent<N extends EventName>(tx: DbOrTx, { name, payload }: { name: N; payload: EventPayloads[N] }) {
  const [row] = await tx
    .insert(outboxEvents)
    .values({ eventId: randomUUID(), name, payload })
    .returning({ id: outboxEvents.id, eventId: outboxEvents.eventId });
  return row!;
}
