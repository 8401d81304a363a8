// GET /api/v1/discountcode/{id}: a code by its id (hash) or by the code itself, for any signed-in
// user, with its status now, whether the caller has used it and may use it (eligibility), and its
// limits. The ledger, the live-use count and the eligibility query run side by side.
import { DomainError } from "../errors";
import { codeIdFromRef } from "./code";
import { loadCode, type CodeRecord } from "./code-cache";
import type { Actor, DiscountPorts } from "./ports";
import { assertMayLookUp, countMiss } from "./rate-limit";
import type { CodeView } from "./schemas";
import { codeView } from "./code-view";
import { isEligible } from "./eligibility";
import { cachedCodeState, liveUsageRecord } from "./usages";

export function notFound(): DomainError {
  return new DomainError("not_found", "No discount code with this code or id.");
}

/** The code a reference names; a miss is 404 (429 once the caller's lookup budget is spent). */
export async function findCode(
  ports: Pick<DiscountPorts, "db" | "ledger" | "limiter">,
  { actor, ref, now }: { actor: Actor; ref: string; now: Date },
): Promise<CodeRecord> {
  const id = codeIdFromRef(ref);
  const code = id ? await loadCode(ports.db, id) : null;
  if (!code) throw await countMiss(ports, { actor, now, notFound: notFound() });
  return code;
}

export async function getCode(ports: Pick<DiscountPorts, "db" | "ledger" | "clock" | "limiter">, { actor, ref }: { actor: Actor; ref: string }): Promise<CodeView> {
  const now = ports.clock();
  let code = await findCode(ports, { actor, ref, now });
  const ended = now.getTime() >= code.validUntil.getTime();
  // The ledger holds every claim of a code that has not ended (claims expire with their code);
  // for an ended code the durable usage records answer. The budget check runs alongside (on
  // Upstash both commands travel in one pipelined request).
  const [, usedByMe, state, eligible] = await Promise.all([
    assertMayLookUp(ports, { actor, now }),
    ended ? liveUsageRecord(ports.db, { codeId: code.id, userId: actor.user.id }).then(Boolean) : ports.ledger.isClaimed({ codeId: code.id, user: actor.user }, now),
    cachedCodeState(ports.db, code.id),
    isEligible(ports.db, { userId: actor.user.id, code }),
  ]);
  const { redemptions } = state;
  // Deactivation is read fresh with the count: the cached record may not know yet.
  if (state.deactivatedAt && !code.deactivatedAt) code = { ...code, deactivatedAt: state.deactivatedAt };
  return { ...codeView(code, { redemptions, now }), usedByMe, eligible };
}
