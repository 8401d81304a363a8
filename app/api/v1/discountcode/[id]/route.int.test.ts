// GET /api/v1/discountcode/{id} over real HTTP, on every stack (API.md: by id or by the code
// itself, case-insensitive; status; usedByMe).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Db } from "@/lib/db";
import { usageRecords } from "@/lib/db/schema";
import { apiClient, cookieAuth, discountStacks, insertCode, quickShoppers, uniqueCode, type DiscountStack, type QuickUser } from "@/test/discount-fixtures";
import { createUser, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const day = 24 * 3600_000;

describe.each(discountStacks())("GET /api/v1/discountcode/{id} on $name", ({ open }) => {
  let stack: DiscountStack;
  let db: Db;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let shopper: QuickUser;
  const now = Date.now();
  const clock = fixedClock(now);

  beforeAll(async () => {
    stack = await open();
    db = stack.database.db;
    server = await startTestServer(testDeps(stack.database, { clock, ledger: stack.ledger }));
    api = apiClient(server.url);
    brand = await createUser(db, { role: "brand", brandName: "Lookup Brand" });
    shopper = (await quickShoppers(db, 1))[0]!;
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  const code = (from: number, until: number, percent = 10) =>
    insertCode(db, { brandId: brand.brand!.id, percent, validFrom: new Date(now + from * day), validUntil: new Date(now + until * day) });

  it("finds a code by the code itself in any case, or by its id in any case, with and without a trailing slash", async () => {
    const c = await code(-1, 30, 25);
    const expected = {
      id: c.id,
      code: c.code,
      discount: 25,
      brand: { id: brand.brand!.id, name: "Lookup Brand" },
      validFrom: new Date(now - day).toISOString(),
      validUntil: new Date(now + 30 * day).toISOString(),
      status: "active",
      usedByMe: false,
      // Part 2's fields: always present.
      ruleId: expect.any(Number),
      eligible: true,
      rule: expect.objectContaining({ type: "percentage", percent: 25, amountOff: null, minSubtotal: null, eligibility: null }),
      maxRedemptions: null,
      redemptions: 0,
      remaining: null,
      deactivatedAt: null,
    };
    for (const ref of [c.code, c.code.toLowerCase(), encodeURIComponent(` ${c.code.toLowerCase()} `), c.id, c.id.toUpperCase()]) {
      const res = await api.get(`/api/v1/discountcode/${ref}/`, cookieAuth(shopper));
      expect(res.status, ref).toBe(200);
      expect(res.body).toEqual(expected);
    }
    expect((await api.get(`/api/v1/discountcode/${c.code}`, cookieAuth(shopper))).body).toEqual(expected);
  });

  it("reports scheduled and expired codes", async () => {
    const scheduled = await code(1, 2);
    const expired = await code(-3, -1);
    expect((await api.get(`/api/v1/discountcode/${scheduled.code}`, cookieAuth(shopper))).body.status).toBe("scheduled");
    expect((await api.get(`/api/v1/discountcode/${expired.id}`, cookieAuth(shopper))).body.status).toBe("expired");
  });

  it("usedByMe turns true once the caller has redeemed the code, for the caller only", async () => {
    const c = await code(-1, 30);
    const [me, someoneElse] = await quickShoppers(db, 2);
    const redeemed = await api.post("/api/v1/discountcodeusage", { code: c.code, userId: me!.id }, cookieAuth(me!));
    expect(redeemed.status).toBe(201);
    expect((await api.get(`/api/v1/discountcode/${c.code}`, cookieAuth(me!))).body.usedByMe).toBe(true);
    expect((await api.get(`/api/v1/discountcode/${c.code}`, cookieAuth(someoneElse!))).body.usedByMe).toBe(false);
  });

  it("usedByMe of an ended code comes from the usage records", async () => {
    const c = await code(-10, -1);
    await db.insert(usageRecords).values({ id: `use_x${Date.now()}`, codeId: c.id, userId: shopper.id, brandId: brand.brand!.id, percent: 10 });
    expect((await api.get(`/api/v1/discountcode/${c.code}`, cookieAuth(shopper))).body).toMatchObject({ status: "expired", usedByMe: true });
  });

  it("404 not_found for an unknown code or id, and for what cannot be a code", async () => {
    for (const ref of [uniqueCode(), "f".repeat(64), "no%20such%20code", "ab", "x".repeat(200)]) {
      const res = await api.get(`/api/v1/discountcode/${ref}`, cookieAuth(shopper));
      expect(res.status, ref).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.code).toBe("not_found");
    }
  });

  it("401 without credentials", async () => {
    const c = await code(-1, 1);
    const res = await api.get(`/api/v1/discountcode/${c.code}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("unauthorized");
  });
});
