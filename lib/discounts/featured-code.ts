// The home page's example code: a live code of the marketplace (announced, not a bulk one), the
// one used most, with its real status and use count — or null when there is none to show.
import "server-only";
import { and, gt, isNull, lte } from "drizzle-orm";
import type { Db } from "../db";
import { discountCodes } from "../db/schema";
import { loadCode } from "./code-cache";
import { codeView } from "./code-view";
import { codeState, liveUses } from "./usages";

/** How many live codes are weighed (the oldest first): enough for an example, bounded for a big marketplace. */
const CANDIDATES = 50;

export async function featuredCode(db: Db, now: Date): Promise<ReturnType<typeof codeView> | null> {
  const live = await db
    .select({ id: discountCodes.id })
    .from(discountCodes)
    .where(and(lte(discountCodes.validFrom, now), gt(discountCodes.validUntil, now), isNull(discountCodes.deactivatedAt), isNull(discountCodes.batchId)))
    .orderBy(discountCodes.createdAt)
    .limit(CANDIDATES);
  const uses = await liveUses(db, live.map((c) => c.id));
  const best = live.reduce<{ id: string; n: number } | null>((top, c) => {
    const n = uses.get(c.id) ?? 0;
    return top && top.n >= n ? top : { id: c.id, n };
  }, null);
  const code = best ? await loadCode(db, best.id) : null;
  if (!code) return null;
  // Read fresh, as the code's page does: the count and a deactivation since the list was read.
  const { redemptions, deactivatedAt } = await codeState(db, code.id);
  return codeView({ ...code, deactivatedAt }, { redemptions, now });
}
