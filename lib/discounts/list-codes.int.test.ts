// The codes list verb on PGlite and PostgreSQL: keyset pages forwards and back with ties, every
// sort, the status filters against displayStatus, search by prefix (bulk codes included), counts.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, Db } from "@/lib/db";
import { discountCodes, usageRecords } from "@/lib/db/schema";
import { isDomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { testDatabases } from "@/test/db";
import { insertCode, quickShoppers } from "@/test/discount-fixtures";
import { createUser } from "@/test/fixtures";
import { countCodes, listCodes } from "./list-codes";
import { listCodesQuerySchema, type ListedCode } from "./schemas";

const now = new Date("2030-06-15T12:00:00.000Z");
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe.each(testDatabases())("listCodes on $name", ({ open }) => {
  let database: Database;
  let db: Db;
  let brandId: string;
  let otherBrandId: string;
  /** code → its expected status. */
  const expected = new Map<string, string>();

  const list = (q: Record<string, unknown>) => listCodes(db, { brandId, now, query: listCodesQuerySchema.parse(q) });
  /** Every page of a query, forwards; and the same pages read back from the end by prevCursor. */
  async function pages(q: Record<string, unknown>): Promise<{ forward: string[][]; backward: string[][] }> {
    const forward: string[][] = [];
    let page = await list(q);
    forward.push(page.data.map((c) => c.code));
    expect(page.prevCursor).toBeNull();
    while (page.nextCursor) {
      page = await list({ ...q, cursor: page.nextCursor });
      forward.push(page.data.map((c) => c.code));
      expect(forward.length).toBeLessThan(50);
    }
    const backward: string[][] = [forward[forward.length - 1]!];
    while (page.prevCursor) {
      page = await list({ ...q, cursor: page.prevCursor });
      backward.unshift(page.data.map((c) => c.code));
      expect(backward.length).toBeLessThan(50);
    }
    return { forward, backward };
  }

  beforeAll(async () => {
    database = await open();
    db = database.db;
    brandId = (await createUser(db, { role: "brand", brandName: "Listing" })).brand!.id;
    otherBrandId = (await createUser(db, { role: "brand", brandName: "Elsewhere" })).brand!.id;
    const sameInstant = at(-3);
    const add = async (code: string, o: { from?: number; until?: number; createdAt?: Date; status: string }) => {
      await insertCode(db, { brandId, code, validFrom: at(o.from ?? -5), validUntil: at(o.until ?? 10), createdAt: o.createdAt ?? sameInstant });
      expected.set(code, o.status);
    };
    // Seven codes created at the very same instant and ending on the same day: ties everywhere.
    for (const n of [1, 2, 3, 4, 5, 6, 7]) await add(`TIE-${n}`, { status: "active" });
    await add("SPRING_A", { createdAt: at(-2), until: 3, status: "active" });
    await add("SPRING-B", { createdAt: at(-1), until: 1, status: "active" });
    await add("SPRINGY", { createdAt: at(-4), from: 2, until: 20, status: "scheduled" });
    await add("OLDIE", { createdAt: at(-9), from: -9, until: -1, status: "expired" });
    await add("STOPPED", { createdAt: at(-6), status: "deactivated" });
    await add("CAPPED", { createdAt: at(-7), status: "exhausted" });
    await add("ROOMY", { createdAt: at(-8), status: "active" });
    await db.update(discountCodes).set({ deactivatedAt: at(-1) }).where(eq(discountCodes.code, "STOPPED"));
    // A deactivation in the future has not happened yet.
    await db.update(discountCodes).set({ deactivatedAt: at(1) }).where(eq(discountCodes.code, "TIE-7"));
    await db.update(discountCodes).set({ maxRedemptions: 2 }).where(inArray(discountCodes.code, ["CAPPED", "ROOMY"]));
    // Redemptions: CAPPED 2 (its cap), ROOMY 1, SPRING_A 3, TIE-2 1 — plus a released use that does not count.
    const shoppers = await quickShoppers(db, 3);
    const codes = await db.select({ id: discountCodes.id, code: discountCodes.code }).from(discountCodes).where(eq(discountCodes.brandId, brandId));
    const idOf = (c: string) => codes.find((x) => x.code === c)!.id;
    const use = (code: string, i: number, status: "confirmed" | "reserved" | "released" = "confirmed") =>
      db.insert(usageRecords).values({ id: newId("usage"), codeId: idOf(code), userId: shoppers[i]!.id, brandId, status, usedAt: now });
    await use("CAPPED", 0);
    await use("CAPPED", 1, "reserved");
    await use("ROOMY", 0);
    await use("ROOMY", 1, "released");
    for (const i of [0, 1, 2]) await use("SPRING_A", i);
    await use("TIE-2", 0);
    // A bulk code of the brand and one of another brand: the first is found by a search only.
    await insertCode(db, { brandId, code: "SPRINGBULK-7K2M", validFrom: at(-1), validUntil: at(5), createdAt: at(-1) });
    await db.update(discountCodes).set({ batchId: "bat_TEST", maxRedemptions: 1 }).where(eq(discountCodes.code, "SPRINGBULK-7K2M"));
    await insertCode(db, { brandId: otherBrandId, code: "SPRINGOTHER", validFrom: at(-1), validUntil: at(5) });
  });
  afterAll(() => database.close());

  it("shows each code's status as the API does, and filters by it", async () => {
    const all = (await list({ limit: 100 })).data;
    expect(new Map(all.map((c: ListedCode) => [c.code, c.status]))).toEqual(expected);
    for (const status of ["active", "scheduled", "exhausted", "expired", "deactivated"]) {
      const codes = (await list({ limit: 100, status })).data.map((c) => c.code).sort();
      expect(codes, status).toEqual([...expected].filter(([, s]) => s === status).map(([c]) => c).sort());
    }
    expect(await countCodes(db, { brandId, now })).toEqual({ all: 14, active: 10, scheduled: 1, exhausted: 1, expired: 1, deactivated: 1 });
  });

  it("pages newest first through ties without repeating or skipping, forwards and back", async () => {
    const everything = (await list({ limit: 100 })).data.map((c) => c.code);
    expect(everything.slice(0, 2)).toEqual(["SPRING-B", "SPRING_A"]);
    for (const limit of [1, 3, 4]) {
      const { forward, backward } = await pages({ limit });
      expect(forward.flat()).toEqual(everything);
      expect(backward).toEqual(forward);
      expect(forward.every((p) => p.length > 0 && p.length <= limit)).toBe(true);
    }
  });

  it("sorts by created, ends and redemptions either way, ties broken the same way each time", async () => {
    const byCreatedAsc = (await list({ limit: 100, sort: "created_asc" })).data.map((c) => c.code);
    expect(byCreatedAsc.slice(0, 3)).toEqual(["OLDIE", "ROOMY", "CAPPED"]);
    expect(byCreatedAsc).toEqual([...(await list({ limit: 100 })).data.map((c) => c.code)].reverse());

    const ends = (await list({ limit: 100, sort: "ends_asc" })).data;
    expect(ends.map((c) => c.validUntil)).toEqual([...ends.map((c) => c.validUntil)].sort());
    expect(ends[0]!.code).toBe("OLDIE");
    expect((await list({ limit: 100, sort: "ends_desc" })).data[0]!.code).toBe("SPRINGY");

    const most = (await list({ limit: 100, sort: "redemptions_desc" })).data;
    expect(most.slice(0, 2).map((c) => [c.code, c.redemptions])).toEqual([
      ["SPRING_A", 3],
      ["CAPPED", 2],
    ]);
    expect(most.slice(2, 4).map((c) => c.code).sort()).toEqual(["ROOMY", "TIE-2"]);
    expect(most.map((c) => c.redemptions)).toEqual([...most.map((c) => c.redemptions)].sort((a, b) => b - a));
    for (const sort of ["ends_asc", "ends_desc", "redemptions_desc", "redemptions_asc", "created_asc"]) {
      const whole = (await list({ limit: 100, sort })).data.map((c) => c.code);
      const { forward, backward } = await pages({ limit: 3, sort });
      expect(forward.flat(), sort).toEqual(whole);
      expect(backward, sort).toEqual(forward);
    }
  });

  it("searches by code prefix, in any case, bulk codes included, never another brand's", async () => {
    const found = (q: string, extra: Record<string, unknown> = {}) => list({ limit: 100, q, ...extra }).then((p) => p.data.map((c) => c.code).sort());
    expect(await found("spring")).toEqual(["SPRING-B", "SPRINGBULK-7K2M", "SPRINGY", "SPRING_A"].sort());
    expect(await found(" Spring_ ")).toEqual(["SPRING_A"]);
    expect(await found("SPRING-")).toEqual(["SPRING-B"]);
    expect(await found("springbulk-7k2m")).toEqual(["SPRINGBULK-7K2M"]);
    expect(await found("SPRINGO")).toEqual([]);
    expect(await found("tie", { status: "active", sort: "ends_asc" })).toHaveLength(7);
    expect(await found("SPRING", { status: "scheduled" })).toEqual(["SPRINGY"]);
    expect(await countCodes(db, { brandId, q: "SPRING", now })).toMatchObject({ all: 4, active: 3, scheduled: 1 });
    // The bulk code is no part of the unsearched list.
    expect((await list({ limit: 100 })).data.some((c) => c.code.startsWith("SPRINGBULK"))).toBe(false);
    const { forward, backward } = await pages({ limit: 1, q: "SPRING", sort: "ends_desc" });
    expect(forward.flat()).toHaveLength(4);
    expect(backward).toEqual(forward);
    expect(listCodesQuerySchema.safeParse({ q: "SPR%" }).success).toBe(false);
  });

  it("refuses a cursor of another sort, or one it did not issue, with 422", async () => {
    const first = await list({ limit: 2 });
    for (const q of [{ cursor: first.nextCursor, sort: "ends_asc" }, { cursor: "nope" }, { cursor: "A".repeat(46) }]) {
      const err = await list({ limit: 2, ...q }).catch((e: unknown) => e);
      expect(isDomainError(err) && err.code, JSON.stringify(q)).toBe("validation_failed");
    }
  });
});
