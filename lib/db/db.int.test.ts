// The data model on both engines: the constraints the schema promises hold in the database.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "@/test/db";
import type { Database } from "@/lib/db";
import { brands, discountCodes, discountRules, usageRecords, users } from "@/lib/db/schema";
import { codeIdOf } from "@/lib/discounts/code";
import { newId } from "@/lib/ids";
import { seedDemo } from "@/lib/demo/seed";

/** Postgres errors arrive wrapped differently by each driver; find the SQLSTATE. */
function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

async function rejectsWith(p: Promise<unknown>, state: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the database to refuse the write").toBeDefined();
  expect(sqlState(err)).toBe(state);
}

describe.each(testDatabases())("data model on $name", ({ open }) => {
  let database: Database;
  let brandId: string;
  let userId: string;

  beforeAll(async () => {
    database = await open();
    brandId = newId("brand");
    userId = newId("user");
    await database.db.insert(brands).values({ id: brandId, name: "Test brand", slug: `test-${brandId}` });
    await database.db.insert(users).values({ id: userId, email: `${userId}@example.com`, name: "U" });
  });
  afterAll(async () => database?.close());

  it("answers a ping", async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it("refuses a rule outside 1–100 %", async () => {
    await rejectsWith(database.db.insert(discountRules).values({ brandId, percent: 0 }), "23514");
    await rejectsWith(database.db.insert(discountRules).values({ brandId, percent: 101 }), "23514");
    const [ok] = await database.db.insert(discountRules).values({ brandId, percent: 100 }).returning();
    expect(ok!.id).toBeTypeOf("number");
  });

  it("refuses a code whose window ends before it starts, and a duplicate code", async () => {
    const [rule] = await database.db.insert(discountRules).values({ brandId, percent: 10 }).returning();
    const base = { ruleId: rule!.id, brandId };
    const from = new Date("2026-01-01T00:00:00Z");
    await rejectsWith(
      database.db.insert(discountCodes).values({ ...base, id: codeIdOf("BACKWARDS"), code: "BACKWARDS", validFrom: from, validUntil: from }),
      "23514",
    );
    const good = { ...base, id: codeIdOf("ONCE"), code: "ONCE", validFrom: from, validUntil: new Date("2027-01-01T00:00:00Z") };
    await database.db.insert(discountCodes).values(good);
    await rejectsWith(database.db.insert(discountCodes).values(good), "23505");
  });

  it("keeps one usage record per (code, user)", async () => {
    const [rule] = await database.db.insert(discountRules).values({ brandId, percent: 20 }).returning();
    const id = codeIdOf("TWICE");
    await database.db.insert(discountCodes).values({ id, code: "TWICE", ruleId: rule!.id, brandId, validUntil: new Date(Date.now() + 86_400_000) });
    const record = { codeId: id, userId, brandId, percent: 20 };
    await database.db.insert(usageRecords).values({ id: newId("usage"), ...record });
    await rejectsWith(database.db.insert(usageRecords).values({ id: newId("usage"), ...record }), "23505");
  });

  it("stores emails uniquely", async () => {
    await rejectsWith(database.db.insert(users).values({ id: newId("user"), email: `${userId}@example.com`, name: "again" }), "23505");
  });

  it("seeds the demo data once", async () => {
    const first = await seedDemo(database.db);
    const second = await seedDemo(database.db);
    expect([first.seeded, second.seeded]).toEqual([true, false]);
    const demo = await database.db.select().from(users).where(eq(users.email, "shopper@example.com"));
    expect(demo).toHaveLength(1);
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(discountCodes)
      .where(sql`${discountCodes.code} in ('WELCOME10', 'WINTER25', 'SPRINGSALE2026', 'TRAIL15')`);
    expect(row!.n).toBe(4);
  });
});
