// Eligibility by purchase history (API.md part 2; the design documents' user groups "purchased
// more than twice before", "made a purchase above 100 euro"): counted over the user's earlier
// orders containing the brand's products. order_brands has one row per (order, brand) with the
// brand lines' amount, so one user's standing is one query on (user_id, brand_id), and "how many
// shoppers qualify" one grouped scan of (brand_id, user_id).
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { orderBrands, users } from "../db/schema";
import type { Rule } from "./rules";

export type Eligibility = NonNullable<Rule["eligibility"]>;

export interface PurchaseHistory {
  /** Orders with the brand's products. */
  orders: number;
  /** The largest brand-lines amount of one such order in the eligibility's currency (0 if none). */
  largest: number;
}

/** Whether a shopper with this history belongs to the rule's group. Pure. */
export function meetsEligibility(e: Eligibility | null, h: PurchaseHistory): boolean {
  if (!e) return true;
  if (e.minPriorOrders !== null && h.orders < e.minPriorOrders) return false;
  if (e.minPriorOrderAmount && h.largest < e.minPriorOrderAmount.amount) return false;
  return true;
}

export async function purchaseHistoryOf(
  db: DbOrTx,
  { userId, brandId, currency }: { userId: string; brandId: string; currency: string | null },
): Promise<PurchaseHistory> {
  const [row] = await db
    .select({
      orders: sql<number>`count(*)::int`,
      largest: currency
        ? sql<number>`coalesce(max(${orderBrands.amount}) filter (where ${orderBrands.currency} = ${currency}), 0)::int`
        : sql<number>`0`,
    })
    .from(orderBrands)
    .where(and(eq(orderBrands.userId, userId), eq(orderBrands.brandId, brandId)));
  return { orders: Number(row?.orders ?? 0), largest: Number(row?.largest ?? 0) };
}

/** Whether the user may use a code of this brand with this rule (one indexed query, none without eligibility). */
export async function isEligible(db: DbOrTx, { userId, code }: { userId: string; code: { brand: { id: string }; rule: Rule } }): Promise<boolean> {
  const e = code.rule.eligibility;
  if (!e) return true;
  return meetsEligibility(e, await purchaseHistoryOf(db, { userId, brandId: code.brand.id, currency: e.minPriorOrderAmount?.currency ?? null }));
}

/** SQL: the user ids of the brand's qualifying shoppers (a subquery for counts and announcements). */
export function eligibleShopperIds(brandId: string, e: Eligibility) {
  const conds = [];
  if (e.minPriorOrders !== null) conds.push(sql`count(*) >= ${e.minPriorOrders}`);
  if (e.minPriorOrderAmount) {
    conds.push(
      sql`coalesce(max(${orderBrands.amount}) filter (where ${orderBrands.currency} = ${e.minPriorOrderAmount.currency}), 0) >= ${e.minPriorOrderAmount.amount}`,
    );
  }
  return sql`(select ${orderBrands.userId} from ${orderBrands} where ${orderBrands.brandId} = ${brandId} group by ${orderBrands.userId} having ${sql.join(conds, sql` and `)})`;
}

/** How many shoppers qualify today (the create form's live count). */
export async function countEligibleShoppers(db: DbOrTx, { brandId, eligibility: e }: { brandId: string; eligibility: Eligibility | null }): Promise<number> {
  if (!e || (e.minPriorOrders === null && !e.minPriorOrderAmount)) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, "shopper"));
    return Number(row?.n ?? 0);
  }
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "shopper"), sql`${users.id} in ${eligibleShopperIds(brandId, e)}`));
  return Number(row?.n ?? 0);
}
