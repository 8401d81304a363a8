// Fixtures for the notification suites: brands with codes, many shoppers at once, usages — written
// straight to the tables (the 10,000-shopper fan-out cannot afford an argon2 hash per shopper).
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Db } from "../lib/db";
import { brandMembers, brands, discountCodes, discountRules, mailboxMessages, usageRecords, users } from "../lib/db/schema";
import { codeIdOf, normalizeCode } from "../lib/discounts/code";
import { newId } from "../lib/ids";

const tag = () => randomBytes(4).toString("hex");

export interface SeededBrand {
  brandId: string;
  brandName: string;
  admins: { id: string; email: string; name: string }[];
}

/** A brand and its admins (verified, unless `verified: false`). */
export async function seedBrand(db: Db, opts: { name?: string; admins?: number; verified?: boolean } = {}): Promise<SeededBrand> {
  const t = tag();
  const brandId = newId("brand");
  const brandName = opts.name ?? `Brand ${t}`;
  await db.insert(brands).values({ id: brandId, name: brandName, slug: `brand-${t}` });
  const admins = Array.from({ length: opts.admins ?? 1 }, (_, i) => ({
    id: newId("user"),
    email: `admin${i}-${t}@brand.test`,
    name: `Admin${i} ${t}`,
  }));
  if (admins.length) {
    const emailVerified = opts.verified === false ? null : new Date();
    await db.insert(users).values(admins.map((a) => ({ ...a, role: "brand" as const, emailVerified })));
    await db.insert(brandMembers).values(admins.map((a) => ({ brandId, userId: a.id, role: "admin" as const })));
  }
  return { brandId, brandName, admins };
}

export async function seedCode(
  db: Db,
  brandId: string,
  opts: { code?: string; percent?: number; validFrom?: Date; validUntil?: Date } = {},
): Promise<{ codeId: string; code: string }> {
  const code = normalizeCode(opts.code ?? `CODE${tag().toUpperCase()}`);
  const [rule] = await db
    .insert(discountRules)
    .values({ brandId, percent: opts.percent ?? 20 })
    .returning({ id: discountRules.id });
  const codeId = codeIdOf(code);
  await db.insert(discountCodes).values({
    id: codeId,
    code,
    ruleId: rule!.id,
    brandId,
    validFrom: opts.validFrom ?? new Date(Date.now() - 60_000),
    validUntil: opts.validUntil ?? new Date(Date.now() + 30 * 24 * 3600_000),
  });
  return { codeId, code };
}

/** `n` shoppers (opted in unless told otherwise), inserted 1,000 per statement. */
export async function seedShoppers(
  db: Db,
  n: number,
  opts: { notifyNewCodes?: boolean; domain?: string; verified?: boolean } = {},
): Promise<{ id: string; email: string; name: string }[]> {
  const t = tag();
  const domain = opts.domain ?? "shoppers.test";
  const all = Array.from({ length: n }, (_, i) => ({
    id: newId("user"),
    email: `s${i}-${t}@${domain}`,
    name: `Shopper ${i} ${t}`,
  }));
  for (let i = 0; i < all.length; i += 1000) {
    await db
      .insert(users)
      .values(
        all
          .slice(i, i + 1000)
          .map((u) => ({ ...u, role: "shopper" as const, notifyNewCodes: opts.notifyNewCodes ?? true, emailVerified: opts.verified === false ? null : new Date() })),
      );
  }
  return all;
}

export async function seedUsage(
  db: Db,
  opts: {
    codeId: string;
    brandId: string;
    userId: string;
    percent?: number;
    pricing?: { currency: string; subtotal: number; eligibleSubtotal: number; discountAmount: number; total: number };
  },
): Promise<string> {
  const id = newId("usage");
  await db.insert(usageRecords).values({
    id,
    codeId: opts.codeId,
    brandId: opts.brandId,
    userId: opts.userId,
    percent: opts.percent ?? 20,
    ...(opts.pricing ?? {}),
  });
  return id;
}

/** Messages per recipient in the local mailbox. */
export async function mailboxCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ to: mailboxMessages.to, n: count() })
    .from(mailboxMessages)
    .groupBy(mailboxMessages.to);
  return new Map(rows.map((r) => [r.to, Number(r.n)]));
}

export async function mailboxFor(db: Db, to: string) {
  return db.select().from(mailboxMessages).where(eq(mailboxMessages.to, to.toLowerCase()));
}
