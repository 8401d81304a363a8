// POST /api/v1/discountcode/{id}/deactivate — a brand ends a code early (a leaked code can be
// stopped at once). Idempotent: the first deactivation's time stays (deactivating twice → the same
// body). Redemptions are refused from then on, on every instance: the usage write re-checks the
// code's row in its own statement (redeem-code.ts), whatever a cache still says. Reserved holds can
// still be confirmed until they expire.
import { and, eq, sql } from "drizzle-orm";
import { discountCodes } from "../db/schema";
import { DomainError } from "../errors";
import { codeIdFromRef } from "./code";
import { forgetCode, loadCode } from "./code-cache";
import { listedCodeView } from "./code-view";
import type { Actor, DiscountPorts } from "./ports";
import type { ListedCode } from "./schemas";
import { codeState, forgetCodeState } from "./usages";

export async function deactivateCode(ports: Pick<DiscountPorts, "db" | "clock">, { actor, ref }: { actor: Actor; ref: string }): Promise<ListedCode> {
  const id = codeIdFromRef(ref);
  const brandIds = actor.brands.map((b) => b.id);
  const now = ports.clock();
  const [updated] =
    id && brandIds.length
      ? await ports.db
          .update(discountCodes)
          .set({ deactivatedAt: sql`coalesce(${discountCodes.deactivatedAt}, ${now.toISOString()}::timestamptz)` })
          .where(and(eq(discountCodes.id, id), sql`${discountCodes.brandId} in ${brandIds}`))
          .returning({ id: discountCodes.id })
      : [];
  // Another brand's code answers like a missing one.
  if (!updated) throw new DomainError("not_found", "No discount code of your brand with this code or id.");
  forgetCode(ports.db, updated.id);
  forgetCodeState(ports.db, updated.id);
  // The code as lookups load it (with its rule and brand), and its live uses, both fresh.
  const [code, state] = await Promise.all([loadCode(ports.db, updated.id), codeState(ports.db, updated.id)]);
  return listedCodeView(code!, { redemptions: state.redemptions, now });
}
