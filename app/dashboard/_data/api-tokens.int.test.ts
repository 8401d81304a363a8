// The tokens page's read model on PGlite and PostgreSQL (split out of the code-analytics suite
// when that moved to lib/discounts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { issueApiToken, revokeApiToken } from "@/lib/accounts";
import { createUser, type TestUser } from "@/test/fixtures";
import { testDatabases } from "@/test/db";
import { listApiTokens, tokenState } from "./api-tokens";

describe.each(testDatabases())("the tokens page's list on $name", ({ open }) => {
  let database: Database;
  let brand: TestUser;
  let other: TestUser;
  const clock = fixedClock("2030-03-10T12:00:00Z");

  beforeAll(async () => {
    database = await open();
    brand = await createUser(database.db, { role: "brand", brandName: "Acme" });
    other = await createUser(database.db, { role: "brand", brandName: "Other" });
  });
  afterAll(() => database.close());

  it("lists a user's API tokens with their state", async () => {
    const now = clock();
    const a = await issueApiToken(database.db, brand.id, { now, name: "CI" });
    const b = await issueApiToken(database.db, brand.id, { now: new Date(now.getTime() + 1000), name: "Storefront" });
    await revokeApiToken(database.db, { tokenId: a.tokenId, userId: brand.id, now });
    const list = await listApiTokens(database.db, brand.id);
    expect(list.map((t) => [t.name, tokenState(t, now)])).toEqual([
      ["Storefront", "active"],
      ["CI", "revoked"],
    ]);
    expect(list[0]!.prefix).toBe(b.prefix);
    expect(await listApiTokens(database.db, other.id)).toEqual([]);
  });
});
