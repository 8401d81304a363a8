// Eligibility by purchase history (API.md part 2): a shopper's standing per brand is one query on
// order_brands, and "how many shoppers qualify today" one grouped query — on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { fixedClock } from "@/lib/clock";
import { testDatabases } from "@/test/db";
import { quickShoppers } from "@/test/discount-fixtures";
import { createUser, testDeps } from "@/test/fixtures";
import { countEligibleShoppers, isEligible, meetsEligibility } from "./eligibility";
import { placeOrder } from "./orders";
import { percentRule } from "./pricing";

describe("meetsEligibility", () => {
  const money = (amount: number) => ({ amount, currency: "EUR" });
  it.each([
    [{ minPriorOrders: 3, minPriorOrderAmount: null }, { orders: 2, largest: 99_999 }, false],
    [{ minPriorOrders: 3, minPriorOrderAmount: null }, { orders: 3, largest: 0 }, true],
    [{ minPriorOrders: null, minPriorOrderAmount: money(10_000) }, { orders: 9, largest: 9_999 }, false],
    [{ minPriorOrders: null, minPriorOrderAmount: money(10_000) }, { orders: 1, largest: 10_000 }, true],
    [{ minPriorOrders: 2, minPriorOrderAmount: money(10_000) }, { orders: 1, largest: 20_000 }, false],
    [null, { orders: 0, largest: 0 }, true],
  ])("%o with %o → %s", (e, h, expected) => expect(meetsEligibility(e, h)).toBe(expected));
});

describe.each(testDatabases())("eligibility on $name", ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => database?.close());

  it("counts the shoppers of each user group from their orders of the brand's products", async () => {
    const db = database.db;
    const deps = testDeps(database, fixedClock(Date.now()));
    const brand = await createUser(db, { role: "brand", brandName: "Eligibility Brand" });
    const other = await createUser(db, { role: "brand", brandName: "Elsewhere" });
    const brandId = brand.brand!.id;
    const [a, b, c] = await quickShoppers(db, 3);
    const order = (u: { id: string; seq: number }, amount: number, to = brandId) =>
      placeOrder(deps, { actor: { user: u, brands: [] }, input: { userId: u.id, cart: { currency: "EUR", lines: [{ sku: "S", brandId: to, unitAmount: amount, quantity: 1 }] } } });
    await order(a!, 3_000);
    await order(a!, 4_000);
    await order(a!, 5_000); // a: 3 orders, largest 50 €
    await order(b!, 12_000); // b: 1 order of 120 €
    await order(c!, 50_000, other.brand!.id); // c: only another brand's
    const twice = { minPriorOrders: 3, minPriorOrderAmount: null };
    const big = { minPriorOrders: null, minPriorOrderAmount: { amount: 10_000, currency: "EUR" } };
    expect(await countEligibleShoppers(db, { brandId, eligibility: twice })).toBe(1);
    expect(await countEligibleShoppers(db, { brandId, eligibility: big })).toBe(1);
    expect(await countEligibleShoppers(db, { brandId, eligibility: { minPriorOrders: 1, minPriorOrderAmount: { amount: 4_000, currency: "EUR" } } })).toBe(2);
    expect(await countEligibleShoppers(db, { brandId, eligibility: { minPriorOrders: 1, minPriorOrderAmount: { amount: 4_000, currency: "USD" } } })).toBe(0);
    const rule = (eligibility: typeof twice | typeof big) => ({ brand: { id: brandId }, rule: { ...percentRule(10), eligibility } });
    expect(await isEligible(db, { userId: a!.id, code: rule(twice) })).toBe(true);
    expect(await isEligible(db, { userId: b!.id, code: rule(twice) })).toBe(false);
    expect(await isEligible(db, { userId: b!.id, code: rule(big) })).toBe(true);
    expect(await isEligible(db, { userId: c!.id, code: rule(big) })).toBe(false);
  });
});
