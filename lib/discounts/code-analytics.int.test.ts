// The dashboard's read models on PGlite and PostgreSQL: redemptions per day, totals, recent
// usages, holds, the CSV — the brand's own lines of each order, money grouped by currency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { createCode, redeemCode, releaseUsage } from "@/lib/discounts";
import { loadAccount } from "@/lib/accounts";
import { createUser, testDeps, type TestUser } from "@/test/fixtures";
import { testDatabases } from "@/test/db";
import {
  allUsages,
  brandActivity,
  chartWindow,
  codeTotals,
  csvCell,
  csvLine,
  currentHolds,
  dailyRedemptions,
  recentUsages,
  usageCounts,
} from "./code-analytics";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("dashboard read models on $name", ({ open }) => {
  let database: Database;
  const clock = fixedClock("2030-03-10T12:00:00Z");
  let brand: TestUser;
  let other: TestUser;
  let codeId: string;
  const shoppers: TestUser[] = [];

  beforeAll(async () => {
    database = await open();
    const deps = testDeps(database, clock);
    brand = await createUser(deps.db, { role: "brand", brandName: "Acme" });
    other = await createUser(deps.db, { role: "brand", brandName: "Other" });
    const actor = (await loadAccount(deps.db, brand.id))!;
    const created = await createCode(deps, { actor, input: { code: "CHART10", discount: 10, validFrom: new Date("2030-03-01T00:00:00Z"), validUntil: new Date("2030-04-01T00:00:00Z") } });
    codeId = created.id;
    // Five shoppers redeem over three days: 2 on the 3rd, 0 on the 4th, 3 on the 5th.
    const days = ["2030-03-03T09:00:00Z", "2030-03-03T23:59:00Z", "2030-03-05T00:00:00Z", "2030-03-05T10:00:00Z", "2030-03-05T11:00:00Z"];
    for (const [i, at] of days.entries()) {
      const shopper = await createUser(deps.db, { email: `s${i}-${Date.now()}@example.test` });
      shoppers.push(shopper);
      const c = fixedClock(at);
      const account = (await loadAccount(deps.db, shopper.id))!;
      await redeemCode(testDeps(database, c), {
        actor: account,
        input: {
          code: "CHART10",
          userId: shopper.id,
          cart: { currency: "EUR", lines: [{ sku: "A", brandId: brand.brand!.id, unitAmount: 1000 * (i + 1), quantity: 1 }] },
        },
      });
    }
  });
  afterAll(() => database.close());

  it("counts redemptions per UTC day, zeros included, discounts per currency", async () => {
    const points = await dailyRedemptions(database.db, {
      brandId: brand.brand!.id,
      codeId,
      from: new Date("2030-03-02T00:00:00Z"),
      to: new Date("2030-03-06T00:00:00Z"),
    });
    expect(points.map((p) => [p.day, p.redemptions])).toEqual([
      ["2030-03-02", 0],
      ["2030-03-03", 2],
      ["2030-03-04", 0],
      ["2030-03-05", 3],
    ]);
    expect(points[1]!.discounts).toEqual([{ currency: "EUR", amount: 100 + 200 }]);
    expect(points[0]!.discounts).toEqual([]);
  });

  it("sums totals and scopes every read by brand", async () => {
    expect(await codeTotals(database.db, { brandId: brand.brand!.id, codeId })).toEqual({
      redemptions: 5,
      byCurrency: [{ currency: "EUR", redemptions: 5, eligibleSubtotal: 15000, discountGiven: 1500, paid: 15000 - 1500 }],
    });
    expect((await codeTotals(database.db, { brandId: other.brand!.id, codeId })).redemptions).toBe(0);
    expect(await recentUsages(database.db, { brandId: other.brand!.id, codeId })).toEqual([]);
    const activity = await brandActivity(database.db, { brandId: brand.brand!.id, since: new Date("2030-03-04T00:00:00Z") });
    expect(activity).toEqual({ redemptions: 3, byCurrency: [{ currency: "EUR", redemptions: 3, eligibleSubtotal: 12000, discountGiven: 1200, paid: 10800 }] });
    expect((await brandActivity(database.db, { brandId: brand.brand!.id })).redemptions).toBe(5);
  });

  it("lists recent usages newest first, and pages through all of them", async () => {
    const recent = await recentUsages(database.db, { brandId: brand.brand!.id, codeId, limit: 2 });
    expect(recent.map((r) => r.shopperEmail)).toEqual([shoppers[4]!.email, shoppers[3]!.email]);
    const all = [];
    for await (const row of allUsages(database.db, { brandId: brand.brand!.id, codeId, pageSize: 2 })) all.push(row);
    expect(all.map((r) => r.shopperEmail)).toEqual(shoppers.map((s) => s.email));
    expect(csvLine(all[0]!)).toMatch(/^use_\w+,2030-03-03T09:00:00.000Z,s0-/);
  });

  it("counts only the brand's own lines of an order, and keeps currencies apart", async () => {
    const deps = testDeps(database, clock);
    const actor = (await loadAccount(deps.db, brand.id))!;
    const code = await createCode(deps, { actor, input: { code: "LINES10", discount: 10, validFrom: new Date("2030-03-01T00:00:00Z"), validUntil: new Date("2030-04-01T00:00:00Z") } });
    const [eur, usd] = await Promise.all([0, 1].map((i) => createUser(deps.db, { email: `lines${i}-${Date.now()}@example.test` })));
    // €50 of the brand's products and €30 of another brand's: the brand sees €50 − €5 = €45, not the €80 order.
    await redeemCode(deps, {
      actor: (await loadAccount(deps.db, eur!.id))!,
      input: {
        code: "LINES10",
        userId: eur!.id,
        cart: {
          currency: "EUR",
          lines: [
            { sku: "A", brandId: brand.brand!.id, unitAmount: 5000, quantity: 1 },
            { sku: "B", brandId: other.brand!.id, unitAmount: 3000, quantity: 1 },
          ],
        },
      },
    });
    await redeemCode(deps, {
      actor: (await loadAccount(deps.db, usd!.id))!,
      input: {
        code: "LINES10",
        userId: usd!.id,
        cart: { currency: "USD", lines: [{ sku: "A", brandId: brand.brand!.id, unitAmount: 2000, quantity: 1 }] },
      },
    });
    const scope = { brandId: brand.brand!.id, codeId: code.id };
    // Both at the same instant: compare them in currency order.
    const rows = (await recentUsages(database.db, scope)).sort((x, y) => x.currency!.localeCompare(y.currency!));
    expect(rows.map((r) => [r.currency, r.eligibleSubtotal, r.discountAmount, r.paid, r.subtotal])).toEqual([
      ["EUR", 5000, 500, 4500, 8000],
      ["USD", 2000, 200, 1800, 2000],
    ]);
    const totals = await codeTotals(database.db, scope);
    expect(totals.redemptions).toBe(2);
    expect(totals.byCurrency.map((c) => [c.currency, c.eligibleSubtotal, c.discountGiven, c.paid]).sort()).toEqual([
      ["EUR", 5000, 500, 4500],
      ["USD", 2000, 200, 1800],
    ]);
    const day = await dailyRedemptions(database.db, { ...scope, from: new Date("2030-03-10T00:00:00Z"), to: new Date("2030-03-11T00:00:00Z") });
    expect(day).toEqual([{ day: "2030-03-10", redemptions: 2, discounts: [{ currency: "EUR", amount: 500 }, { currency: "USD", amount: 200 }] }]);
    const activity = await brandActivity(database.db, { brandId: brand.brand!.id, since: new Date("2030-03-10T00:00:00Z") });
    expect(activity.byCurrency.map((c) => [c.currency, c.discountGiven]).sort()).toEqual([
      ["EUR", 500],
      ["USD", 200],
    ]);
  });

  it("shows current holds apart from confirmed uses, and counts every status", async () => {
    const deps = testDeps(database, fixedClock("2030-03-10T12:00:00Z"));
    const [a, b] = await Promise.all(
      [0, 1].map((i) => createUser(deps.db, { email: `hold${i}-${Date.now()}@example.test` })),
    );
    const cart = { currency: "EUR", lines: [{ sku: "A", brandId: brand.brand!.id, unitAmount: 1000, quantity: 1 }] };
    const held = await redeemCode(deps, { actor: (await loadAccount(deps.db, a!.id))!, input: { code: "CHART10", userId: a!.id, cart, hold: true } });
    const released = await redeemCode(deps, { actor: (await loadAccount(deps.db, b!.id))!, input: { code: "CHART10", userId: b!.id, cart, hold: true } });
    await releaseUsage(deps, { actor: (await loadAccount(deps.db, b!.id))!, usageId: released.id });
    const scope = { brandId: brand.brand!.id, codeId };
    const holds = await currentHolds(database.db, { ...scope, now: deps.clock() });
    expect(holds.map((h) => [h.id, h.status])).toEqual([[held.id, "reserved"]]);
    expect(holds[0]!.expiresAt!.getTime()).toBeGreaterThan(deps.clock().getTime());
    // Past its expiry a hold is no longer shown as current.
    expect(await currentHolds(database.db, { ...scope, now: new Date(holds[0]!.expiresAt!.getTime() + 1) })).toEqual([]);
    expect(await usageCounts(database.db, scope)).toEqual({ reserved: 1, confirmed: 5, released: 1, reversed: 0 });
    // Totals and the recent list stay the confirmed ones.
    expect((await codeTotals(database.db, scope)).redemptions).toBe(5);
    expect((await recentUsages(database.db, { ...scope, limit: 10 })).every((r) => r.status === "confirmed")).toBe(true);
    expect(await usageCounts(database.db, { brandId: other.brand!.id, codeId })).toEqual({ reserved: 0, confirmed: 0, released: 0, reversed: 0 });
  });
});

describe("chartWindow", () => {
  const code = { validFrom: new Date("2030-03-01T00:00:00Z"), validUntil: new Date("2030-04-01T00:00:00Z") };
  it("is null before the start and at least a week long", () => {
    expect(chartWindow(code, new Date("2030-02-01T00:00:00Z"))).toBeNull();
    const w = chartWindow(code, new Date("2030-03-02T10:00:00Z"))!;
    expect(w.from.toISOString()).toBe("2030-02-24T00:00:00.000Z");
  });
  it("ends at the code's end and spans at most 90 days", () => {
    const w = chartWindow({ validFrom: new Date("2029-01-01T00:00:00Z"), validUntil: code.validUntil }, new Date("2031-01-01T00:00:00Z"))!;
    expect(w.to.getTime()).toBe(code.validUntil.getTime() + 1);
    expect((w.to.getTime() - w.from.getTime()) / DAY).toBeLessThanOrEqual(90);
  });
});

it("csvCell quotes and defuses spreadsheet formulas", () => {
  expect(csvCell('a,"b"')).toBe('"a,""b"""');
  expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
  expect(csvCell(-5)).toBe("-5");
  expect(csvCell(null)).toBe("");
});
