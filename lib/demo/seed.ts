// Demo data for the embedded default (or SEED_DEMO=1): two brands, their admins, a shopper, a
// few codes in each state and a small catalogue. Runs once: a second call finds the demo brand
// admin and does nothing. Never called on a configured database unless asked (scripts/start.ts).
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { brandMembers, brands, discountCodes, discountRules, products, users } from "../db/schema";
import { hashPassword } from "../auth/password";
import { slugify } from "../accounts/slug";
import { codeIdOf, normalizeCode } from "../discounts/code";
import { newId } from "../ids";

export const DEMO_PASSWORD = "demo1234";
export const demoAccounts = [
  { email: "brand@example.com", name: "Ada Acme", role: "brand", brand: "Acme Outfitters" },
  { email: "brand2@example.com", name: "Nils Northwind", role: "brand", brand: "Northwind Supply" },
  { email: "shopper@example.com", name: "Sam Shopper", role: "shopper" },
] as const;

const day = 24 * 60 * 60 * 1000;

const catalogue: Record<string, { sku: string; name: string; description: string; unitAmount: number }[]> = {
  "Acme Outfitters": [
    { sku: "ACME-TEE", name: "Organic cotton tee", description: "Heavyweight, garment-dyed.", unitAmount: 2900 },
    { sku: "ACME-HOODIE", name: "Trail hoodie", description: "Brushed fleece, water-repellent.", unitAmount: 7900 },
    { sku: "ACME-CAP", name: "Five-panel cap", description: "Packable nylon, one size.", unitAmount: 2450 },
    { sku: "ACME-SOCKS", name: "Merino socks (2 pairs)", description: "Cushioned, for every season.", unitAmount: 1800 },
  ],
  "Northwind Supply": [
    { sku: "NW-BOTTLE", name: "Insulated bottle 750 ml", description: "Keeps cold 24 h, hot 12 h.", unitAmount: 3400 },
    { sku: "NW-PACK", name: "Daypack 22 L", description: "Recycled ripstop, laptop sleeve.", unitAmount: 8900 },
    { sku: "NW-LAMP", name: "Camp lantern", description: "USB-C, 300 lumens.", unitAmount: 4599 },
  ],
};

export async function seedDemo(db: Db, now: Date = new Date()): Promise<{ seeded: boolean }> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, "brand@example.com"));
  if (existing.length > 0) return { seeded: false };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const t = now.getTime();

  await db.transaction(async (tx) => {
    const brandIds = new Map<string, string>();
    for (const account of demoAccounts) {
      const userId = newId("user");
      await tx.insert(users).values({
        id: userId,
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash,
        // Demo accounts are verified: the demo brand creates codes, the demo shopper gets them.
        emailVerified: now,
      });
      if ("brand" in account) {
        const brandId = newId("brand");
        brandIds.set(account.brand, brandId);
        await tx.insert(brands).values({ id: brandId, name: account.brand, slug: slugify(account.brand) });
        await tx.insert(brandMembers).values({ brandId, userId, role: "admin" });
      }
    }
    const [acme, northwind] = [brandIds.get("Acme Outfitters")!, brandIds.get("Northwind Supply")!];

    type DemoRule = { percent: number } | { amountOff: number; minSubtotal: number };
    const codes: { brandId: string; code: string; rule: DemoRule; from: number; until: number; max?: number }[] = [
      { brandId: acme, code: "WELCOME10", rule: { percent: 10 }, from: t - 7 * day, until: t + 90 * day },
      // Part 2: €5 off orders of €50 or more of Acme's products, 100 uses in all.
      { brandId: acme, code: "FIVEOFF50", rule: { amountOff: 500, minSubtotal: 5000 }, from: t - 1 * day, until: t + 60 * day, max: 100 },
      { brandId: acme, code: "WINTER25", rule: { percent: 25 }, from: t + 7 * day, until: t + 60 * day },
      { brandId: acme, code: "SPRINGSALE2026", rule: { percent: 15 }, from: t - 240 * day, until: t - 150 * day },
      { brandId: northwind, code: "TRAIL15", rule: { percent: 15 }, from: t - 1 * day, until: t + 30 * day },
    ];
    for (const c of codes) {
      const [rule] = await tx
        .insert(discountRules)
        .values({
          brandId: c.brandId,
          createdAt: new Date(c.from),
          ...("percent" in c.rule
            ? { type: "percentage" as const, percent: c.rule.percent }
            : {
                type: "fixed_amount" as const,
                amountOff: c.rule.amountOff,
                amountOffCurrency: "EUR",
                minSubtotal: c.rule.minSubtotal,
                minSubtotalCurrency: "EUR",
              }),
        })
        .returning({ id: discountRules.id });
      const code = normalizeCode(c.code);
      await tx.insert(discountCodes).values({
        id: codeIdOf(code),
        code,
        ruleId: rule!.id,
        brandId: c.brandId,
        validFrom: new Date(c.from),
        validUntil: new Date(c.until),
        createdAt: new Date(Math.min(c.from, t)),
        maxRedemptions: c.max ?? null,
      });
    }

    for (const [brand, items] of Object.entries(catalogue)) {
      const brandId = brandIds.get(brand)!;
      await tx.insert(products).values(
        items.map((p) => ({ id: newId("product"), brandId, currency: "EUR", ...p })),
      );
    }
  });
  return { seeded: true };
}
