// GET /api/v1/discountcode/{id}: a code by its id (hash) or by the code itself, for any signed-in
// user, with its status now and whether the caller has used it.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import { usageRecords } from "../db/schema";
import { DomainError } from "../errors";
import { codeIdFromRef } from "./code";
import { loadCode, type CodeRecord } from "./code-cache";
import type { Actor, DiscountPorts } from "./ports";
import { assertMayLookUp, countMiss } from "./rate-limit";
import type { CodeView } from "./schemas";
import { codeStatus } from "./status";

export function notFound(): DomainError {
  return new DomainError("not_found", "No discount code with this code or id.");
}

/** The code a reference names; a miss is 404 (429 once the caller's lookup budget is spent). */
export async function findCode(ports: Pick<DiscountPorts, "db" | "ledger" | "limiter">, actor: Actor, ref: string, now: Date): Promise<CodeRecord> {
  const id = codeIdFromRef(ref);
  const code = id ? await loadCode(ports.db, id) : null;
  if (!code) throw await countMiss(ports, actor, now, notFound());
  return code;
}

export async function getCode(ports: Pick<DiscountPorts, "db" | "ledger" | "clock" | "limiter">, actor: Actor, ref: string): Promise<CodeView> {
  const now = ports.clock();
  const code = await findCode(ports, actor, ref, now);
  const status = codeStatus(code, now);
  // The ledger holds every claim of a code that has not ended (claims expire with their code);
  // for an ended code the durable usage records answer. The budget check runs alongside (on
  // Upstash both commands travel in one pipelined request).
  const [, usedByMe] = await Promise.all([
    assertMayLookUp(ports, actor, now),
    status === "expired"
      ? hasUsageRecord(ports.db, code.id, actor.user.id)
      : ports.ledger.isClaimed({ codeId: code.id, user: actor.user }, now),
  ]);
  return {
    id: code.id,
    code: code.code,
    discount: code.percent,
    brand: code.brand,
    validFrom: code.validFrom.toISOString(),
    validUntil: code.validUntil.toISOString(),
    status,
    usedByMe,
  };
}

async function hasUsageRecord(db: Db, codeId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: usageRecords.id })
    .from(usageRecords)
    .where(and(eq(usageRecords.codeId, codeId), eq(usageRecords.userId, userId)))
    .limit(1);
  return rows.length === 1;
}
