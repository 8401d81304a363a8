// The in-process code cache: a hit costs no query, concurrent misses share one, misses are not
// remembered (a code created elsewhere is visible at once), entries expire after CODE_TTL_MS.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { insertCode } from "@/test/discount-fixtures";
import { testDatabases } from "@/test/db";
import { brands } from "../db/schema";
import { newId } from "../ids";
import { codeIdOf } from "./code";
import { CODE_TTL_MS, forgetCode, loadCode } from "./code-cache";

describe("code cache on PGlite", () => {
  let database: Database;
  let queries = 0;
  let brandId: string;

  beforeAll(async () => {
    database = await testDatabases()[0]!.open();
    const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => unknown } }).$client;
    const original = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      queries++;
      return original(...args);
    };
    brandId = newId("brand");
    await database.db.insert(brands).values({ id: brandId, name: "Cache brand", slug: `cache-${brandId.toLowerCase()}` });
  });
  afterAll(async () => database?.close());
  afterEach(() => vi.restoreAllMocks());

  const counted = async <T>(fn: () => Promise<T>) => {
    const before = queries;
    const value = await fn();
    return { value, queries: queries - before };
  };
  const newCode = () => insertCode(database.db, { brandId, percent: 35, validFrom: new Date(Date.now() - 1000), validUntil: new Date(Date.now() + 3600_000) });

  it("loads a code with its rule's percentage and brand in one query, then from memory", async () => {
    const c = await newCode();
    const first = await counted(() => loadCode(database.db, c.id));
    expect(first.queries).toBe(1);
    expect(first.value).toMatchObject({ id: c.id, code: c.code, percent: 35, brand: { id: brandId, name: "Cache brand" } });
    const second = await counted(() => loadCode(database.db, c.id));
    expect(second.queries).toBe(0);
    expect(second.value).toEqual(first.value);
  });

  it("shares one query among concurrent misses of one code", async () => {
    const c = await newCode();
    const { value, queries: n } = await counted(() => Promise.all(Array.from({ length: 50 }, () => loadCode(database.db, c.id))));
    expect(n).toBe(1);
    expect(new Set(value.map((v) => v?.id))).toEqual(new Set([c.id]));
  });

  it("does not remember a miss: a code created afterwards is found at once", async () => {
    const id = codeIdOf("NOT-YET-THERE");
    expect(await loadCode(database.db, id)).toBeNull();
    await insertCode(database.db, { brandId, code: "NOT-YET-THERE", validFrom: new Date(), validUntil: new Date(Date.now() + 3600_000) });
    expect((await loadCode(database.db, id))?.code).toBe("NOT-YET-THERE");
  });

  it("asks the database again once an entry is older than CODE_TTL_MS, or forgotten", async () => {
    const c = await newCode();
    const t0 = performance.now();
    const clock = vi.spyOn(performance, "now").mockReturnValue(t0);
    await loadCode(database.db, c.id);
    clock.mockReturnValue(t0 + CODE_TTL_MS - 1);
    expect((await counted(() => loadCode(database.db, c.id))).queries).toBe(0);
    clock.mockReturnValue(t0 + CODE_TTL_MS + 1);
    expect((await counted(() => loadCode(database.db, c.id))).queries).toBe(1);
    forgetCode(database.db, c.id);
    expect((await counted(() => loadCode(database.db, c.id))).queries).toBe(1);
  });
});
