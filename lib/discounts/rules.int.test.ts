// One rule per set of terms (issue 12 #6): codes created with the same plain percentage — or the
// same inline rule — share the brand's existing rule, also when they are created at the same
// moment; the "Reuse a rule" choices list each set of terms once, old duplicates folded together.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "@/test/db";
import { createUser, testDeps } from "@/test/fixtures";
import { loadAccount } from "../accounts/load-account";
import type { Database } from "../db";
import { discountCodes, discountRules } from "../db/schema";
import { codeIdOf } from "./code";
import { createCode } from "./create-code";
import { createRule, ruleChoices } from "./rules";

describe.each(testDatabases())("rules on $name", ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database?.close());

  const validUntil = () => new Date(Date.now() + 7 * 86_400_000);
  let n = 0;
  const code = (prefix: string) => `${prefix}${Date.now().toString(36)}${n++}`.toUpperCase().slice(0, 32);

  async function brandActor(name: string) {
    const brand = await createUser(database.db, { role: "brand", brandName: name });
    const account = (await loadAccount(database.db, brand.id))!;
    return { brandId: brand.brand!.id, account };
  }

  async function rulesOf(brandId: string) {
    return database.db.select().from(discountRules).where(eq(discountRules.brandId, brandId));
  }

  it("codes with the same percentage, created at the same moment, share one rule", async () => {
    const { brandId, account } = await brandActor("Twin Percent");
    const deps = testDeps(database);
    const created = await Promise.all([
      ...Array.from({ length: 6 }, () => createCode(deps, { actor: account, input: { code: code("P"), discount: 20, validUntil: validUntil() } })),
      createCode(deps, { actor: account, input: { code: code("R"), rule: { type: "percentage", percent: 20 }, validUntil: validUntil() } }),
    ]);
    expect(new Set(created.map((c) => c.ruleId)).size).toBe(1);
    expect(await rulesOf(brandId)).toHaveLength(1);
    // The API's POST /discountrule answers with the same rule, even several at once.
    const viaApi = await Promise.all(Array.from({ length: 3 }, () => createRule(database.db, { brandId, input: { type: "percentage", percent: 20 }, now: new Date() })));
    expect(viaApi.map((r) => r.id)).toEqual([created[0]!.ruleId, created[0]!.ruleId, created[0]!.ruleId]);
  });

  it("different terms, or another brand, get a rule of their own", async () => {
    const a = await brandActor("Terms A");
    const b = await brandActor("Terms B");
    const deps = testDeps(database);
    const make = (actor: typeof a, rule: Parameters<typeof createCode>[1]["input"]["rule"]) =>
      createCode(deps, { actor: actor.account, input: { code: code("T"), rule, validUntil: validUntil() } });
    const plain = await make(a, { type: "percentage", percent: 15 });
    const grouped = await make(a, { type: "percentage", percent: 15, eligibility: { minPriorOrders: 2 } });
    const minimum = await make(a, { type: "percentage", percent: 15, minSubtotal: { amount: 5000, currency: "EUR" } });
    const otherBrand = await make(b, { type: "percentage", percent: 15 });
    expect(new Set([plain.ruleId, grouped.ruleId, minimum.ruleId, otherBrand.ruleId]).size).toBe(4);
    const fixed = await Promise.all([
      make(a, { type: "fixed_amount", amountOff: { amount: 500, currency: "EUR" } }),
      make(a, { type: "fixed_amount", amountOff: { amount: 500, currency: "EUR" } }),
      make(a, { type: "fixed_amount", amountOff: { amount: 500, currency: "USD" } }),
    ]);
    expect(fixed[0]!.ruleId).toBe(fixed[1]!.ruleId);
    expect(fixed[2]!.ruleId).not.toBe(fixed[0]!.ruleId);
    expect(await rulesOf(a.brandId)).toHaveLength(5);
  });

  it("lists each set of terms once with how many codes use it, folding duplicates from before", async () => {
    const { brandId, account } = await brandActor("Old Twins");
    const other = await brandActor("Not Listed");
    const now = new Date();
    // Rows as older versions wrote them: the same 10 % twice, each with a code.
    const twins = await database.db
      .insert(discountRules)
      .values([
        { brandId, type: "percentage", percent: 10, createdAt: new Date(now.getTime() - 2000) },
        { brandId, type: "percentage", percent: 10, createdAt: new Date(now.getTime() - 1000) },
      ])
      .returning();
    for (const [i, rule] of twins.entries()) {
      const c = code(`OLD${i}`);
      await database.db.insert(discountCodes).values({ id: codeIdOf(c), code: c, ruleId: rule.id, brandId, validUntil: validUntil() });
    }
    const deps = testDeps(database);
    const reused = await createCode(deps, { actor: account, input: { code: code("NEW"), discount: 10, validUntil: validUntil() } });
    expect(reused.ruleId).toBe(twins[0]!.id); // the oldest of the twins
    const fixed = await createCode(deps, { actor: account, input: { code: code("FIX"), rule: { type: "fixed_amount", amountOff: { amount: 300, currency: "EUR" } }, validUntil: validUntil() } });
    await createRule(database.db, { brandId: other.brandId, input: { type: "percentage", percent: 10 }, now });

    const choices = await ruleChoices(database.db, brandId);
    expect(choices).toEqual([
      { id: fixed.ruleId, rule: expect.objectContaining({ type: "fixed_amount", amountOff: { amount: 300, currency: "EUR" } }), codes: 1 },
      { id: twins[0]!.id, rule: expect.objectContaining({ type: "percentage", percent: 10, eligibility: null }), codes: 3 },
    ]);
    const [unused] = await database.db
      .select()
      .from(discountRules)
      .where(and(eq(discountRules.brandId, other.brandId), eq(discountRules.percent, 10)));
    expect(await ruleChoices(database.db, other.brandId)).toEqual([{ id: unused!.id, rule: expect.objectContaining({ percent: 10 }), codes: 0 }]);
  });
});
