import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "../../test/db";
import type { Database } from "../db";
import { seedDemo } from "../demo/seed";
import { groupByBrand, listProducts } from "./list-products";

describe.each(testDatabases())("catalogue on $name", ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await seedDemo(database.db);
  });
  afterAll(() => database.close());

  it("lists the seeded products of both brands, grouped by brand", async () => {
    const all = await listProducts(database.db);
    expect(all.length).toBe(7);
    expect(all.every((p) => p.currency === "EUR" && Number.isInteger(p.unitAmount))).toBe(true);
    const groups = groupByBrand(all);
    expect(groups.map((g) => g.name)).toEqual(["Acme Outfitters", "Northwind Supply"]);
    expect(groups[0]!.products.map((p) => p.sku)).toContain("ACME-TEE");
    expect(groups[1]!.products.every((p) => p.brand.name === "Northwind Supply")).toBe(true);
  });

  it("filters by brand", async () => {
    const [acme] = groupByBrand(await listProducts(database.db));
    const only = await listProducts(database.db, { brandId: acme!.id });
    expect(only.length).toBe(4);
    expect(only.every((p) => p.brand.id === acme!.id)).toBe(true);
  });
});
