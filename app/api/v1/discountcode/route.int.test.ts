// POST and GET /api/v1/discountcode over real HTTP, on PGlite and PostgreSQL with each ledger
// (API.md "Discount codes": create a code; a brand's own codes, cursor-paginated).
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Db } from "@/lib/db";
import { discountCodes, discountRules, outboxEvents, usageRecords } from "@/lib/db/schema";
import { codeIdOf } from "@/lib/discounts";
import { apiClient, discountStacks, insertCode, quickShoppers, uniqueCode, type DiscountStack } from "@/test/discount-fixtures";
import { createUser, issueToken, sessionCookie, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const PATH = "/api/v1/discountcode/";
const day = 24 * 3600_000;

describe.each(discountStacks())("/api/v1/discountcode on $name", ({ open }) => {
  let stack: DiscountStack;
  let db: Db;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let otherBrand: TestUser;
  let shopper: TestUser;
  let asBrand: Record<string, string>;
  let asOtherBrand: Record<string, string>;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = fixedClock(now);
  const dispatched: number[] = [];
  const inDays = (n: number) => new Date(now.getTime() + n * day).toISOString();

  beforeAll(async () => {
    stack = await open();
    db = stack.database.db;
    server = await startTestServer(
      testDeps(stack.database, { clock, ledger: stack.ledger, events: { dispatch: (ids) => void dispatched.push(...ids) } }),
    );
    api = apiClient(server.url);
    brand = await createUser(db, { role: "brand", brandName: "Create Brand" });
    otherBrand = await createUser(db, { role: "brand", brandName: "Other Create Brand" });
    shopper = await createUser(db, { role: "shopper" });
    asBrand = { authorization: `Bearer ${await issueToken(db, brand.id)}` };
    asOtherBrand = { cookie: await sessionCookie(otherBrand) };
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  const rulesCount = async () => (await db.select({ n: count() }).from(discountRules))[0]!.n;

  describe("POST: create a code", () => {
    it("201 with the code, a new rule and an outbox row `discount/code.created` in one transaction", async () => {
      const code = uniqueCode("Spring");
      const res = await api.post(PATH, { code: `  ${code.toLowerCase()} `, discount: 15, validUntil: inDays(30) }, asBrand);
      expect(res.status).toBe(201);
      const id = codeIdOf(code.toUpperCase());
      // Part 1's fields exactly; part 2 adds its own (always present, null where unset).
      expect(res.body).toMatchObject({ status: "active", maxRedemptions: null, redemptions: 0, remaining: null, deactivatedAt: null, rule: { type: "percentage" } });
      expect(res.body).toMatchObject({
        id,
        code: code.toUpperCase(),
        discount: 15,
        ruleId: expect.any(Number),
        brand: { id: brand.brand!.id, name: "Create Brand" },
        validFrom: now.toISOString(),
        validUntil: inDays(30),
        createdAt: now.toISOString(),
        announced: true,
      });
      const [row] = await db.select().from(discountCodes).where(eq(discountCodes.id, id));
      // created_by: the creating user (the dashboard calls the same createCode; batch codes copy the batch's).
      expect(row).toMatchObject({ code: code.toUpperCase(), brandId: brand.brand!.id, ruleId: res.body.ruleId, createdBy: brand.id });
      const [rule] = await db.select().from(discountRules).where(eq(discountRules.id, res.body.ruleId as number));
      expect(rule).toMatchObject({ brandId: brand.brand!.id, percent: 15 });
      const events = await db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/code.created"));
      const event = events.find((e) => (e.payload as { codeId: string }).codeId === id);
      expect(event?.payload).toEqual({ codeId: id, brandId: brand.brand!.id });
      expect(dispatched).toContain(event!.id);
    });

    it("reuses one of the brand's rules by ruleId, takes a validFrom and the brand's own brandId, with or without a trailing slash", async () => {
      const first = await api.post(PATH, { code: uniqueCode(), discount: 40, validUntil: inDays(10) }, asBrand);
      const ruleId = first.body.ruleId;
      const before = await rulesCount();
      const res = await api.post(
        "/api/v1/discountcode",
        { code: uniqueCode(), ruleId, validFrom: inDays(2), validUntil: inDays(9), brandId: brand.brand!.id },
        asBrand,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ruleId, discount: 40, validFrom: inDays(2), validUntil: inDays(9) });
      expect(await rulesCount()).toBe(before);
    });

    it("accepts validUntil with a time-zone offset", async () => {
      const res = await api.post(PATH, { code: uniqueCode(), discount: 5, validUntil: "2099-06-01T02:00:00+02:00" }, asBrand);
      expect(res.status).toBe(201);
      expect(res.body.validUntil).toBe("2099-06-01T00:00:00.000Z");
    });

    it("401 without credentials; 403 forbidden for a shopper and for another brand's brandId", async () => {
      const body = { code: uniqueCode(), discount: 10, validUntil: inDays(5) };
      expect((await api.post(PATH, body)).status).toBe(401);
      const asShopper = await api.post(PATH, body, { cookie: await sessionCookie(shopper) });
      expect(asShopper.status).toBe(403);
      expect(asShopper.body.code).toBe("forbidden");
      const foreign = await api.post(PATH, { ...body, brandId: brand.brand!.id }, asOtherBrand);
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe("forbidden");
      expect((await api.post(PATH, { ...body, brandId: "brd_does_not_exist" }, asOtherBrand)).status).toBe(403);
      expect(await db.select().from(discountCodes).where(eq(discountCodes.id, codeIdOf(body.code)))).toHaveLength(0);
    });

    it("409 code_taken for an existing code in any case, leaving no orphan rule", async () => {
      const code = uniqueCode();
      expect((await api.post(PATH, { code, discount: 10, validUntil: inDays(5) }, asBrand)).status).toBe(201);
      const before = await rulesCount();
      const res = await api.post(PATH, { code: code.toLowerCase(), discount: 20, validUntil: inDays(5) }, asOtherBrand);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("code_taken");
      expect(await rulesCount()).toBe(before);
    });

    it("20 brands racing for one code: one 201, 19 × 409", async () => {
      const code = uniqueCode("Race");
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => api.post(PATH, { code, discount: 10 + i, validUntil: inDays(5) }, i % 2 ? asBrand : asOtherBrand)),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    });

    it("422 validation_failed names each bad field", async () => {
      const ok = { code: uniqueCode(), discount: 10, validUntil: inDays(5) };
      const otherRule = (await api.post(PATH, { code: uniqueCode(), discount: 30, validUntil: inDays(5) }, asOtherBrand)).body.ruleId;
      const cases: [Record<string, unknown>, string][] = [
        [{ ...ok, code: undefined }, "code"],
        [{ ...ok, code: "ab" }, "code"],
        [{ ...ok, code: "SPRING SALE" }, "code"],
        [{ ...ok, code: "ÉTÉ2026" }, "code"],
        [{ ...ok, discount: 0 }, "discount"],
        [{ ...ok, discount: 101 }, "discount"],
        [{ ...ok, discount: 12.5 }, "discount"],
        [{ ...ok, discount: "10" }, "discount"],
        [{ ...ok, discount: undefined }, "discount"],
        [{ ...ok, ruleId: 1 }, "discount"],
        [{ ...ok, discount: undefined, ruleId: otherRule }, "ruleId"],
        [{ ...ok, discount: undefined, ruleId: 2_000_000_000 }, "ruleId"],
        [{ ...ok, validUntil: undefined }, "validUntil"],
        [{ ...ok, validUntil: "next tuesday" }, "validUntil"],
        [{ ...ok, validUntil: "2030-01-01" }, "validUntil"],
        [{ ...ok, validUntil: inDays(-1) }, "validUntil"],
        [{ ...ok, validUntil: now.toISOString() }, "validUntil"],
        [{ ...ok, validFrom: inDays(6) }, "validUntil"],
        [{ ...ok, validFrom: inDays(5) }, "validUntil"],
      ];
      for (const [body, path] of cases) {
        const res = await api.post(PATH, body, asBrand);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(res.body.code).toBe("validation_failed");
        expect((res.body.errors as { path: string }[]).map((e) => e.path), JSON.stringify(body)).toContain(path);
      }
    });

    it("400 invalid_json, 413 payload_too_large", async () => {
      expect((await api.call("POST", PATH, { auth: asBrand, raw: "{nope" })).body.code).toBe("invalid_json");
      const big = await api.call("POST", PATH, { auth: asBrand, raw: JSON.stringify({ code: "ABC", pad: "x".repeat(20_000) }) });
      expect(big.status).toBe(413);
    });
  });

  describe("GET: the brand's own codes", () => {
    let lister: TestUser;
    let asLister: Record<string, string>;
    const codes: { id: string; code: string }[] = [];

    beforeAll(async () => {
      lister = await createUser(db, { role: "brand", brandName: "Lister" });
      asLister = { authorization: `Bearer ${await issueToken(db, lister.id)}` };
      const brandId = lister.brand!.id;
      // Five codes a minute apart, two of them created in the same instant (ties on created_at),
      // one scheduled and one expired.
      const t = now.getTime();
      const spec = [
        { minutes: -50, from: -1, until: 10 },
        { minutes: -40, from: -1, until: 10 },
        { minutes: -30, from: -1, until: 10 },
        { minutes: -30, from: 2, until: 10 },
        { minutes: -20, from: -10, until: -1 },
      ];
      for (const s of spec) {
        codes.push(
          await insertCode(db, {
            brandId,
            validFrom: new Date(t + s.from * day),
            validUntil: new Date(t + s.until * day),
            createdAt: new Date(t + s.minutes * 60_000),
          }),
        );
      }
      // Another brand's code must never show up.
      await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(t - day), validUntil: new Date(t + day) });
      // Redemptions: 3 for codes[0], 1 for codes[2].
      const users = await quickShoppers(db, 3);
      const use = (i: number, u: number) => ({ id: `use_${i}_${u}_${Date.now()}`, codeId: codes[i]!.id, userId: users[u]!.id, brandId, percent: 10 });
      await db.insert(usageRecords).values([use(0, 0), use(0, 1), use(0, 2), use(2, 0)]);
    });

    it("lists newest first with statuses and redemption counts", async () => {
      const res = await api.get<{ data: Record<string, unknown>[]; nextCursor: string | null }>(PATH, asLister);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      const ids = res.body.data.map((c) => c.id);
      expect(ids).toHaveLength(5);
      expect(ids[0]).toBe(codes[4]!.id);
      expect(ids[4]).toBe(codes[0]!.id);
      expect(new Set(ids.slice(1, 3))).toEqual(new Set([codes[2]!.id, codes[3]!.id]));
      const byId = new Map(res.body.data.map((c) => [c.id, c]));
      expect(byId.get(codes[0]!.id)).toMatchObject({ status: "active", redemptions: 3, discount: 10, brand: { id: lister.brand!.id, name: "Lister" } });
      expect(byId.get(codes[2]!.id)).toMatchObject({ redemptions: 1 });
      expect(byId.get(codes[3]!.id)).toMatchObject({ status: "scheduled", redemptions: 0 });
      expect(byId.get(codes[4]!.id)).toMatchObject({ status: "expired" });
      expect(Object.keys(byId.get(codes[0]!.id)!).sort()).toEqual(
        [
          ...["id", "code", "discount", "ruleId", "brand", "validFrom", "validUntil", "status", "createdAt", "redemptions"],
          ...["rule", "maxRedemptions", "remaining", "deactivatedAt", "batchId"],
        ].sort(),
      );
    });

    it("pages with an opaque cursor without skipping or repeating, also across equal created_at", async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
        const res = await api.get<{ data: { id: string }[]; nextCursor: string | null }>(`/api/v1/discountcode${q}`, asLister);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.data.map((c) => c.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(5);
      expect(new Set(seen)).toEqual(new Set(codes.map((c) => c.id)));
      const all = await api.get<{ data: { id: string }[] }>(PATH, asLister);
      expect(seen).toEqual(all.body.data.map((c) => c.id));
    });

    it("another brand's list holds only its own codes; a shopper is refused", async () => {
      const res = await api.get<{ data: { id: string }[] }>(`${PATH}?limit=100`, asBrand);
      expect(res.body.data.some((c) => codes.some((own) => own.id === c.id))).toBe(false);
      expect((await api.get(PATH)).status).toBe(401);
      expect((await api.get(PATH, { cookie: await sessionCookie(shopper) })).status).toBe(403);
    });

    it("422 for a limit outside 1–100 or a cursor this API did not issue", async () => {
      for (const q of ["limit=0", "limit=101", "limit=abc", "limit=1.5", "cursor=nope", `cursor=${"A".repeat(43)}x`]) {
        const res = await api.get(`${PATH}?${q}`, asLister);
        expect(res.status, q).toBe(422);
        expect(res.body.code).toBe("validation_failed");
      }
      expect((await api.get(`${PATH}?limit=100`, asLister)).status).toBe(200);
    });
  });
});
