// API.md part 2 over real HTTP on every stack (PGlite / PostgreSQL × database / Upstash ledger):
// caps raced (50 users for the last 3 uses → exactly 3), the hold lifecycle with a controllable
// clock (confirm, release, expiry by the job), reversals raced, eligibility by orders, orders
// confirming holds, deactivation, and the order of checks (a refusal claims nothing).
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { outboxEvents, usageRecords } from "@/lib/db/schema";
import { CODE_STATE_TTL_MS, expireHolds } from "@/lib/discounts/usages";
import type { Deps } from "@/lib/deps";
import { apiClient, cookieAuth, discountStacks, quickShoppers, uniqueCode, type DiscountStack, type QuickUser } from "@/test/discount-fixtures";
import { createUser, sessionCookie, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const hour = 3600_000;
const day = 24 * hour;

describe.each(discountStacks())("promotions (API.md part 2) on $name", ({ open }) => {
  let stack: DiscountStack;
  let db: Db;
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let otherBrand: TestUser;
  let asBrand: Record<string, string>;
  let asOtherBrand: Record<string, string>;
  let nowMs = Date.now();
  const clock = () => new Date(nowMs);
  const dispatched: number[] = [];

  beforeAll(async () => {
    stack = await open();
    db = stack.database.db;
    deps = testDeps(stack.database, { clock, ledger: stack.ledger, events: { dispatch: (ids) => void dispatched.push(...ids) } });
    server = await startTestServer(deps);
    api = apiClient(server.url);
    brand = await createUser(db, { role: "brand", brandName: "Promo Brand" });
    otherBrand = await createUser(db, { role: "brand", brandName: "Other Promo Brand" });
    asBrand = { cookie: await sessionCookie(brand) };
    asOtherBrand = { cookie: await sessionCookie(otherBrand) };
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  const createCode = async (body: Record<string, unknown>) => {
    const res = await api.post("/api/v1/discountcode/", { code: uniqueCode("P"), validUntil: new Date(nowMs + 30 * day).toISOString(), ...body }, asBrand);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; code: string; rule: { id: number } };
  };
  const cartOf = (amount: number, brandId = brand.brand!.id, currency = "EUR") => ({
    currency,
    lines: [{ sku: "SKU-1", brandId, unitAmount: amount, quantity: 1 }],
  });
  const redeem = (u: QuickUser, body: Record<string, unknown>) => api.post("/api/v1/discountcodeusage/", { userId: u.id, ...body }, cookieAuth(u));
  const liveRecords = async (codeId: string) =>
    Number(
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(usageRecords)
          .where(and(eq(usageRecords.codeId, codeId), sql`${usageRecords.status} in ('reserved', 'confirmed')`))
      )[0]!.n,
    );

  it("creates rules of both types; a code answers with its rule, cap and remaining uses", async () => {
    const res = await api.post(
      "/api/v1/discountcode/",
      {
        code: uniqueCode("FIX"),
        validUntil: new Date(nowMs + day).toISOString(),
        rule: { type: "fixed_amount", amountOff: { amount: 500, currency: "eur" }, minSubtotal: { amount: 5000, currency: "EUR" } },
        maxRedemptions: 10,
      },
      asBrand,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      discount: null,
      status: "active",
      maxRedemptions: 10,
      redemptions: 0,
      remaining: 10,
      rule: { type: "fixed_amount", percent: null, amountOff: { amount: 500, currency: "EUR" }, minSubtotal: { amount: 5000, currency: "EUR" }, eligibility: null },
    });
    const ruleId = (res.body as { rule: { id: number } }).rule.id;
    expect((await api.get(`/api/v1/discountrule/${ruleId}/`, asBrand)).body).toMatchObject({ id: ruleId, type: "fixed_amount" });
    expect((await api.get(`/api/v1/discountrule/${ruleId}`, asOtherBrand)).status).toBe(404);
    const created = await api.post("/api/v1/discountrule/", { type: "percentage", percent: 12 }, asBrand);
    expect(created.status).toBe(201);
    const list = await api.get<{ data: { id: number }[] }>("/api/v1/discountrule/?limit=100", asBrand);
    expect(list.body.data.map((r) => r.id)).toEqual(expect.arrayContaining([ruleId, (created.body as { id: number }).id]));
    // The same terms again reuse the rule instead of writing a twin.
    expect((await api.post("/api/v1/discountrule/", { type: "percentage", percent: 12 }, asBrand)).body).toMatchObject({ id: (created.body as { id: number }).id });
    // Both discount and rule → 422; a rule missing its amount → 422 with the field.
    expect((await api.post("/api/v1/discountcode/", { code: uniqueCode(), validUntil: new Date(nowMs + day).toISOString(), discount: 5, rule: { type: "percentage", percent: 5 } }, asBrand)).status).toBe(422);
    const bad = await api.post("/api/v1/discountrule/", { type: "fixed_amount" }, asBrand);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain("amountOff");
  });

  it("50 users racing for the last 3 uses: exactly 3 get them, the rest 409 exhausted", async () => {
    const code = await createCode({ discount: 10, maxRedemptions: 3 });
    const crowd = await quickShoppers(db, 50);
    const results = await Promise.all(crowd.map((u) => redeem(u, { code: code.code, cart: cartOf(1000) })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(47);
    expect(results.filter((r) => r.status === 409).every((r) => (r.body as { code: string }).code === "exhausted")).toBe(true);
    expect(await liveRecords(code.id)).toBe(3);
    const view = await api.get(`/api/v1/discountcode/${code.code}`, cookieAuth(crowd[0]!));
    expect(view.body).toMatchObject({ status: "exhausted", redemptions: 3, remaining: 0 });
    // One code.exhausted event, from the use that took the last one.
    const exhausted = await db.select().from(outboxEvents).where(and(eq(outboxEvents.name, "discount/code.exhausted"), sql`${outboxEvents.payload}->>'codeId' = ${code.id}`));
    expect(exhausted).toHaveLength(1);

    // A reversal gives one use back: of 10 racers, exactly 1 gets it.
    const winner = crowd[statuses.indexOf(201)]!;
    const usageId = (results[statuses.indexOf(201)]!.body as { id: string }).id;
    const reversals = await Promise.all([1, 2, 3].map(() => api.post(`/api/v1/discountcodeusage/${usageId}/reverse`, { reason: "refund" }, cookieAuth(winner))));
    expect(reversals.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(reversals.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(reversals[0]!.body).toMatchObject({ status: "reversed" });
    const second = await Promise.all(crowd.slice(10, 20).map((u) => redeem(u, { code: code.code })));
    expect(second.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await liveRecords(code.id)).toBe(3);
  }, 60_000);

  it("hold → release → hold → confirm; confirm twice is the same 200; the brand is told on confirm, not on reserve", async () => {
    const code = await createCode({ rule: { type: "fixed_amount", amountOff: { amount: 500, currency: "EUR" } }, maxRedemptions: 5 });
    const [u] = await quickShoppers(db, 1);
    const eventsOf = async () =>
      (await db.select().from(outboxEvents).where(sql`${outboxEvents.payload}->>'codeId' = ${code.id} and ${outboxEvents.name} = 'discount/code.redeemed'`)).length;
    const held = await redeem(u!, { code: code.code, cart: cartOf(1200), hold: true, holdSeconds: 120 });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: "reserved", expiresAt: new Date(nowMs + 120_000).toISOString(), discount: null, pricing: { discountAmount: 500, total: 700 } });
    expect(await eventsOf()).toBe(0);
    const id = (held.body as { id: string }).id;
    // Holding again while held → already used.
    expect((await redeem(u!, { code: code.code, hold: true })).body).toMatchObject({ code: "already_used" });
    const released = await api.post(`/api/v1/discountcodeusage/${id}/release`, {}, cookieAuth(u!));
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: "released", expiresAt: null });
    expect((await api.post(`/api/v1/discountcodeusage/${id}/release/`, {}, cookieAuth(u!))).body).toEqual(released.body);
    expect((await api.post(`/api/v1/discountcodeusage/${id}/confirm`, {}, cookieAuth(u!))).body).toMatchObject({ code: "hold_expired" });
    const again = await redeem(u!, { code: code.code, cart: cartOf(1200), hold: true });
    expect(again.status).toBe(201);
    const id2 = (again.body as { id: string }).id;
    const confirmed = await api.post(`/api/v1/discountcodeusage/${id2}/confirm`, { orderId: "EXT-1" }, cookieAuth(u!));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", orderId: "EXT-1", confirmedAt: clock().toISOString() });
    expect((await api.post(`/api/v1/discountcodeusage/${id2}/confirm`, { orderId: "EXT-1" }, cookieAuth(u!))).body).toEqual(confirmed.body);
    expect(await eventsOf()).toBe(1);
    // Someone else's usage → 404.
    const [stranger] = await quickShoppers(db, 1);
    expect((await api.post(`/api/v1/discountcodeusage/${id2}/reverse`, {}, cookieAuth(stranger!))).status).toBe(404);
    // The brand's admin may reverse; the use comes back to the user.
    expect((await api.post(`/api/v1/discountcodeusage/${id2}/reverse`, { reason: "cancelled" }, asBrand)).body).toMatchObject({ status: "reversed" });
    expect((await redeem(u!, { code: code.code })).status).toBe(201);
    // The usages list: the user's own, and the brand's per code.
    const mine = await api.get<{ data: { id: string; status: string }[] }>("/api/v1/discountcodeusage/", cookieAuth(u!));
    expect(mine.body.data.filter((d) => [id, id2].includes(d.id)).map((d) => d.status).sort()).toEqual(["released", "reversed"]);
    const ofCode = await api.get<{ data: unknown[] }>(`/api/v1/discountcodeusage/?code=${code.code}`, asBrand);
    expect(ofCode.body.data).toHaveLength(3);
    expect((await api.get(`/api/v1/discountcodeusage/?code=${code.code}`, asOtherBrand)).status).toBe(404);
  });

  it("holds expire: the job releases them once (cap and user get the use back); a late confirm → 409 hold_expired", async () => {
    const code = await createCode({ discount: 20, maxRedemptions: 1 });
    const [a, b, c] = await quickShoppers(db, 3);
    const held = await redeem(a!, { code: code.code, hold: true, holdSeconds: 60 });
    expect(held.status).toBe(201);
    expect((await redeem(b!, { code: code.code })).body).toMatchObject({ code: "exhausted" });
    nowMs += 61_000;
    const [first, second] = await Promise.all([expireHolds(deps, { now: clock() }), expireHolds(deps, { now: clock() })]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    const [record] = await db.select().from(usageRecords).where(eq(usageRecords.id, (held.body as { id: string }).id));
    expect(record).toMatchObject({ status: "released" });
    expect((await api.post(`/api/v1/discountcodeusage/${record!.id}/confirm`, {}, cookieAuth(a!))).body).toMatchObject({ code: "hold_expired" });
    expect((await redeem(b!, { code: code.code })).status).toBe(201);
    expect((await redeem(c!, { code: code.code })).body).toMatchObject({ code: "exhausted" });

    // Without the job: an expired hold is released by the user's next attempt or a late confirm.
    const code2 = await createCode({ discount: 20, maxRedemptions: 1 });
    const h2 = await redeem(a!, { code: code2.code, hold: true, holdSeconds: 60 });
    nowMs += 61_000;
    expect((await api.post(`/api/v1/discountcodeusage/${(h2.body as { id: string }).id}/confirm`, {}, cookieAuth(a!))).body).toMatchObject({ code: "hold_expired" });
    expect((await redeem(b!, { code: code2.code })).status).toBe(201);
  });

  it("a release racing an expiry and a confirm: exactly one wins, one use given back", async () => {
    const code = await createCode({ discount: 5, maxRedemptions: 1 });
    const [a, b] = await quickShoppers(db, 2);
    const held = await redeem(a!, { code: code.code, hold: true, holdSeconds: 60 });
    const id = (held.body as { id: string }).id;
    const results = await Promise.all([
      api.post(`/api/v1/discountcodeusage/${id}/release`, {}, cookieAuth(a!)),
      api.post(`/api/v1/discountcodeusage/${id}/confirm`, {}, cookieAuth(a!)),
      api.post(`/api/v1/discountcodeusage/${id}/release`, {}, cookieAuth(a!)),
    ]);
    const [record] = await db.select().from(usageRecords).where(eq(usageRecords.id, id));
    const free = record!.status === "released";
    const next = await redeem(b!, { code: code.code });
    expect(next.status, JSON.stringify(results.map((r) => r.body))).toBe(free ? 201 : 409);
  });

  it("orders: placing one confirms the held use in the same transaction and counts for eligibility", async () => {
    const vip = await createCode({
      rule: { type: "percentage", percent: 30, eligibility: { minPriorOrders: 2, minPriorOrderAmount: { amount: 10_000, currency: "EUR" } } },
    });
    const [u] = await quickShoppers(db, 1);
    expect((await api.get(`/api/v1/discountcode/${vip.code}`, cookieAuth(u!))).body).toMatchObject({ eligible: false });
    expect((await redeem(u!, { code: vip.code })).body).toMatchObject({ code: "not_eligible" });
    const order1 = await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(12_000) }, cookieAuth(u!));
    expect(order1.status).toBe(201);
    expect(order1.body).toMatchObject({ subtotal: 12_000, discountAmount: 0, total: 12_000, usageId: null });
    expect((await redeem(u!, { code: vip.code })).body).toMatchObject({ code: "not_eligible" });
    // Another brand's order does not count.
    await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(50_000, otherBrand.brand!.id) }, cookieAuth(u!));
    expect((await redeem(u!, { code: vip.code })).body).toMatchObject({ code: "not_eligible" });
    await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(2_000) }, cookieAuth(u!));
    expect((await api.get(`/api/v1/discountcode/${vip.code}`, cookieAuth(u!))).body).toMatchObject({ eligible: true });

    const held = await redeem(u!, { code: vip.code, cart: cartOf(10_000), hold: true });
    expect(held.status).toBe(201);
    const usageId = (held.body as { id: string }).id;
    const order = await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(10_000), usageId }, cookieAuth(u!));
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ subtotal: 10_000, discountAmount: 3_000, total: 7_000, usageId });
    const [record] = await db.select().from(usageRecords).where(eq(usageRecords.id, usageId));
    expect(record).toMatchObject({ status: "confirmed", orderId: (order.body as { id: string }).id, discountAmount: 3_000 });
    const mine = await api.get<{ data: { id: string }[] }>("/api/v1/orders/", cookieAuth(u!));
    expect(mine.body.data.map((o) => o.id)).toContain((order.body as { id: string }).id);
    expect(mine.body.data).toHaveLength(4);
    // Someone else's usage → 404; an order for someone else → 403.
    const [other] = await quickShoppers(db, 1);
    expect((await api.post("/api/v1/orders/", { userId: other!.id, cart: cartOf(100), usageId }, cookieAuth(other!))).status).toBe(404);
    expect((await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(100) }, cookieAuth(other!))).status).toBe(403);

    // An expired hold cannot be ordered.
    const plain = await createCode({ discount: 10 });
    const h = await redeem(u!, { code: plain.code, cart: cartOf(1000), hold: true, holdSeconds: 60 });
    nowMs += 61_000;
    expect((await api.post("/api/v1/orders/", { userId: u!.id, cart: cartOf(1000), usageId: (h.body as { id: string }).id }, cookieAuth(u!))).body).toMatchObject({ code: "hold_expired" });
  });

  it("the order of checks; a refused redemption claims nothing", async () => {
    const code = await createCode({ rule: { type: "fixed_amount", amountOff: { amount: 500, currency: "EUR" }, minSubtotal: { amount: 5000, currency: "EUR" } }, maxRedemptions: 2 });
    const [u, v] = await quickShoppers(db, 2);
    const refuse = async (body: Record<string, unknown>, expected: string, who = u!) => {
      const res = await redeem(who, { code: code.code, ...body });
      expect((res.body as { code: string }).code, JSON.stringify(res.body)).toBe(expected);
      return res;
    };
    await refuse({ cart: cartOf(9000, otherBrand.brand!.id, "USD") }, "no_eligible_items");
    await refuse({ cart: cartOf(9000, brand.brand!.id, "USD") }, "currency_mismatch");
    const min = await refuse({ cart: cartOf(1200) }, "minimum_not_met");
    expect(min.status).toBe(422);
    expect(min.body).toMatchObject({ minimum: { amount: 5000, currency: "EUR" }, missing: 3800 });
    expect(await liveRecords(code.id)).toBe(0);
    expect((await redeem(u!, { code: code.code, cart: cartOf(6000) })).status).toBe(201);
    // Used → already_used comes before the cart's refusals.
    await refuse({ cart: cartOf(100, otherBrand.brand!.id) }, "already_used");
    await refuse({ cart: cartOf(100) }, "already_used");
    // Deactivated → 422 deactivated, before everything after it (v has not used it).
    const d1 = await api.post(`/api/v1/discountcode/${code.id}/deactivate`, {}, asBrand);
    expect(d1.status).toBe(200);
    expect(d1.body).toMatchObject({ status: "deactivated", redemptions: 1, remaining: 1 });
    expect((await api.post(`/api/v1/discountcode/${code.code}/deactivate/`, {}, asBrand)).body).toEqual(d1.body);
    expect((await api.post(`/api/v1/discountcode/${code.id}/deactivate`, {}, asOtherBrand)).status).toBe(404);
    await refuse({ cart: cartOf(100) }, "deactivated", v!);
    await refuse({ cart: cartOf(100) }, "deactivated", u!);
    expect(await liveRecords(code.id)).toBe(1);
  });

  it("a deactivation made elsewhere (another instance, its cache warm here) is refused at once and shown by lookups within a second", async () => {
    const code = await createCode({ discount: 15 });
    const [u, v] = await quickShoppers(db, 2);
    expect((await api.get(`/api/v1/discountcode/${code.code}`, cookieAuth(u!))).body).toMatchObject({ status: "active" });
    await db.execute(sql`update discount_codes set deactivated_at = ${new Date(nowMs - 1000).toISOString()}::timestamptz where id = ${code.id}`);
    // Redemptions refuse at once; lookups share a code's state for up to CODE_STATE_TTL_MS.
    expect((await redeem(u!, { code: code.code })).body).toMatchObject({ code: "deactivated" });
    await new Promise((r) => setTimeout(r, CODE_STATE_TTL_MS + 50));
    expect((await api.get(`/api/v1/discountcode/${code.code}`, cookieAuth(u!))).body).toMatchObject({ status: "deactivated" });
    expect((await redeem(u!, { code: code.code })).body).toMatchObject({ code: "deactivated" });
    expect((await redeem(v!, { code: code.code, hold: true })).body).toMatchObject({ code: "deactivated" });
    expect(await liveRecords(code.id)).toBe(0);
  });

  it("bulk codes stay out of the brand's code list unless asked for by batch", async () => {
    const plain = await createCode({ discount: 5 });
    const bulk = await createCode({ discount: 5 });
    await db.execute(sql`update discount_codes set batch_id = 'bat_LISTTEST' where id = ${bulk.id}`);
    const list = await api.get<{ data: { id: string }[] }>("/api/v1/discountcode/?limit=100", asBrand);
    expect(list.body.data.map((c) => c.id)).toContain(plain.id);
    expect(list.body.data.map((c) => c.id)).not.toContain(bulk.id);
    const ofBatch = await api.get<{ data: { id: string; batchId: string }[] }>("/api/v1/discountcode/?batchId=bat_LISTTEST", asBrand);
    expect(ofBatch.body.data).toEqual([expect.objectContaining({ id: bulk.id, batchId: "bat_LISTTEST" })]);
  });

  it("part 1 clients see no change: a bare percentage redemption is confirmed at once", async () => {
    const code = await createCode({ discount: 15 });
    const [u] = await quickShoppers(db, 1);
    const res = await redeem(u!, { code: code.code, amount: 1000, currency: "EUR" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ discount: 15, status: "confirmed", pricing: { discountAmount: 150, total: 850 } });
    expect((await redeem(u!, { code: code.code })).status).toBe(409);
  });
});
