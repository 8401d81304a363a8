// The dashboard's token list (list-tokens.ts) on each database engine: a user's own tokens only,
// newest first, each with its state — active, expired or revoked — at the given time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { testDatabases } from "@/test/db";
import { createUser, type TestUser } from "@/test/fixtures";
import { issueApiToken } from "./issue-token";
import { listApiTokens } from "./list-tokens";
import { revokeApiToken } from "./revoke-token";

describe.each(testDatabases())("listApiTokens on $name", ({ open }) => {
  let database: Database;
  const clock = fixedClock("2030-03-10T12:00:00Z");
  let brand: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    database = await open();
    brand = await createUser(database.db, { role: "brand", brandName: "Token List Brand" });
    other = await createUser(database.db, { role: "brand", brandName: "Token List Other" });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("lists a user's own tokens, newest first, with their state", async () => {
    const now = clock();
    const a = await issueApiToken(database.db, brand.id, { now, name: "CI" });
    const b = await issueApiToken(database.db, brand.id, { now: new Date(now.getTime() + 1000), name: "Storefront" });
    await issueApiToken(database.db, brand.id, { now: new Date(now.getTime() + 2000), name: "Short", expiresAt: new Date(now.getTime() + 3000) });
    await revokeApiToken(database.db, { tokenId: a.tokenId, userId: brand.id, now });
    const later = new Date(now.getTime() + 5000);
    const list = await listApiTokens(database.db, { userId: brand.id, now: later });
    expect(list.map((t) => [t.name, t.state])).toEqual([
      ["Short", "expired"],
      ["Storefront", "active"],
      ["CI", "revoked"],
    ]);
    expect(list[1]).toMatchObject({ prefix: b.prefix, createdAt: new Date(now.getTime() + 1000), lastUsedAt: null });
    expect(await listApiTokens(database.db, { userId: other.id, now: later })).toEqual([]);
  });
});
