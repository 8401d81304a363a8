// POST /api/v1/discountcodeusage over real HTTP on every stack: PGlite and PostgreSQL, each with
// the database ledger and with the Upstash ledger over the bridge on real Redis (API.md
// "Discount code usage"; ARCHITECTURE.md "Redemption, step by step").
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import { openDatabase, type Database, type Db } from "@/lib/db";
import { discountCodes, idempotencyKeys, outboxEvents, usageRecords } from "@/lib/db/schema";
import { LOOKUP_MISS_LIMIT, LOOKUP_WINDOW_SECONDS, STALE_CLAIM_MS } from "@/lib/discounts";
import { MAX_AMOUNT } from "@/lib/discounts/pricing";
import { apiClient, cookieAuth, discountStacks, insertCode, quickShoppers, uniqueCode, type DiscountStack, type QuickUser } from "@/test/discount-fixtures";
import { createUser, issueToken, testDeps, type TestUser } from "@/test/fixtures";
import { createPostgresDatabase } from "@/test/db";
import { startTestServer, type TestServer } from "@/test/http";
import { startUpstashBridge, type UpstashBridge } from "@/test/upstash-bridge";
import { hasStores } from "@/test/skipped-suites";

const PATH = "/api/v1/discountcodeusage/";
const hour = 3600_000;
const day = 24 * hour;

describe.each(discountStacks())("POST /api/v1/discountcodeusage on $name", ({ open, ledgerKind }) => {
  let stack: DiscountStack;
  let db: Db;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let otherBrand: TestUser;
  let shopper: QuickUser;
  let other: QuickUser;
  const start = Date.now();
  const clock = fixedClock(start);
  const dispatched: number[] = [];

  beforeAll(async () => {
    stack = await open();
    db = stack.database.db;
    server = await startTestServer(
      testDeps(stack.database, { clock, ledger: stack.ledger, events: { dispatch: (ids) => void dispatched.push(...ids) } }),
    );
    api = apiClient(server.url);
    brand = await createUser(db, { role: "brand", brandName: "Usage Brand" });
    otherBrand = await createUser(db, { role: "brand", brandName: "Other Usage Brand" });
    const [a, b] = await quickShoppers(db, 2);
    shopper = a!;
    other = b!;
  });
  afterAll(async () => {
    await server?.close();
    await stack?.close();
  });

  const activeCode = (opts: { percent?: number; brandId?: string } = {}) =>
    insertCode(db, {
      brandId: opts.brandId ?? brand.brand!.id,
      percent: opts.percent ?? 10,
      validFrom: new Date(clock().getTime() - hour),
      validUntil: new Date(clock().getTime() + 30 * day),
    });
  const redeem = (body: Record<string, unknown>, user: QuickUser = shopper, headers?: Record<string, string>) =>
    api.post(PATH, { userId: user.id, ...body }, cookieAuth(user), headers);
  const records = (codeId: string) => db.select().from(usageRecords).where(eq(usageRecords.codeId, codeId));

  describe("201", () => {
    it("records the usage, queues `discount/code.redeemed` and prices the eligible lines of a cart", async () => {
      const code = await activeCode({ percent: 15 });
      const cart = {
        currency: "eur",
        lines: [
          { sku: "ACME-TEE", brandId: brand.brand!.id, unitAmount: 2900, quantity: 2 },
          { sku: "NW-LAMP", brandId: otherBrand.brand!.id, unitAmount: 4599, quantity: 1 },
          { sku: "ACME-CAP", brandId: brand.brand!.id, unitAmount: 2450, quantity: 1 },
        ],
      };
      const res = await redeem({ code: code.code, cart });
      expect(res.status).toBe(201);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.body).toEqual({
        id: expect.stringMatching(/^use_/),
        code: code.code,
        userId: shopper.id,
        usedAt: clock().toISOString(),
        discount: 15,
        // eligible 8250 × 15 % = 1237.5 → 1238 (half away from zero)
        pricing: { currency: "EUR", subtotal: 12849, eligibleSubtotal: 8250, discountAmount: 1238, total: 11611 },
        // Part 2's fields, always present: confirmed at once without `hold`.
        codeId: code.id,
        status: "confirmed",
        expiresAt: null,
        orderId: null,
        confirmedAt: clock().toISOString(),
        endedAt: null,
      });
      const [record] = await records(code.id);
      expect(record).toMatchObject({
        id: res.body.id,
        userId: shopper.id,
        brandId: brand.brand!.id,
        percent: 15,
        currency: "EUR",
        subtotal: 12849,
        eligibleSubtotal: 8250,
        discountAmount: 1238,
        total: 11611,
      });
      const events = await db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/code.redeemed"));
      const event = events.find((e) => (e.payload as { usageId: string }).usageId === res.body.id);
      expect(event?.payload).toEqual({ usageId: res.body.id, codeId: code.id, brandId: brand.brand!.id, userId: shopper.id });
      expect(dispatched).toContain(event!.id);
      expect(await stack.ledger.isClaimed({ codeId: code.id, user: shopper }, clock())).toBe(true);
    });

    it("prices a bare amount whole, and omits pricing without amount or cart", async () => {
      const a = await activeCode({ percent: 25 });
      const withAmount = await redeem({ code: a.code, amount: 1999, currency: "USD" });
      expect(withAmount.status).toBe(201);
      expect(withAmount.body.pricing).toEqual({ currency: "USD", subtotal: 1999, eligibleSubtotal: 1999, discountAmount: 500, total: 1499 });
      const b = await activeCode();
      const bare = await redeem({ code: b.code });
      expect(bare.status).toBe(201);
      expect(bare.body).not.toHaveProperty("pricing");
      expect((await records(b.id))[0]).toMatchObject({ currency: null, subtotal: null, total: null });
    });

    it("accepts the code in any case with spaces, a bearer token, and the path without a trailing slash", async () => {
      const code = await activeCode();
      const token = await issueToken(db, brand.id);
      const res = await api.post("/api/v1/discountcodeusage", { code: `  ${code.code.toLowerCase()} `, userId: brand.id }, {
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(201);
      expect(res.body.code).toBe(code.code);
    });

    it("takes 100 % off down to zero", async () => {
      const code = await activeCode({ percent: 100 });
      const res = await redeem({ code: code.code, cart: { currency: "EUR", lines: [{ sku: "A", brandId: brand.brand!.id, unitAmount: MAX_AMOUNT, quantity: 1 }] } });
      expect(res.status).toBe(201);
      expect(res.body.pricing).toEqual({ currency: "EUR", subtotal: MAX_AMOUNT, eligibleSubtotal: MAX_AMOUNT, discountAmount: MAX_AMOUNT, total: 0 });
    });
  });

  describe("refusals, each with its status and code", () => {
    it("401 without credentials", async () => {
      const code = await activeCode();
      const res = await api.post(PATH, { code: code.code, userId: shopper.id });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body.code).toBe("unauthorized");
    });

    it("403 forbidden for another user's id", async () => {
      const code = await activeCode();
      const res = await redeem({ code: code.code, userId: other.id });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("forbidden");
      expect(await records(code.id)).toHaveLength(0);
    });

    it("404 not_found for a code that does not exist", async () => {
      const res = await redeem({ code: uniqueCode("NOPE") });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: "not_found", title: "Not found" });
    });

    it("422 not_yet_valid before the window and 422 expired after it", async () => {
      const scheduled = await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(clock().getTime() + day), validUntil: new Date(clock().getTime() + 2 * day) });
      const expired = await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(clock().getTime() - 2 * day), validUntil: new Date(clock().getTime() - day) });
      const endsNow = await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(clock().getTime() - day), validUntil: clock() });
      expect((await redeem({ code: scheduled.code })).body).toMatchObject({ status: 422, code: "not_yet_valid" });
      expect((await redeem({ code: expired.code })).body).toMatchObject({ status: 422, code: "expired" });
      expect((await redeem({ code: endsNow.code })).body).toMatchObject({ status: 422, code: "expired" });
      expect(await records(scheduled.id)).toHaveLength(0);
    });

    it("409 already_used the second time, with no second record", async () => {
      const code = await activeCode();
      expect((await redeem({ code: code.code })).status).toBe(201);
      const again = await redeem({ code: code.code.toLowerCase(), amount: 100, currency: "EUR" });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("already_used");
      expect(await records(code.id)).toHaveLength(1);
      // …while another user still may.
      expect((await redeem({ code: code.code }, other)).status).toBe(201);
    });

    it("checks in the documented order: 403 → 404 → 422 window → 409", async () => {
      const expired = await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(clock().getTime() - 2 * day), validUntil: new Date(clock().getTime() - day) });
      // someone else's id beats a missing code
      expect((await redeem({ code: uniqueCode(), userId: other.id })).status).toBe(403);
      // an expired code the user has used is "expired", not "already_used"
      await db.insert(usageRecords).values({ id: `use_${Date.now()}`, codeId: expired.id, userId: shopper.id, brandId: brand.brand!.id, percent: 10 });
      expect((await redeem({ code: expired.code })).body.code).toBe("expired");
    });

    it("422 validation_failed names each bad field", async () => {
      const code = await activeCode();
      const line = { sku: "A", brandId: brand.brand!.id, unitAmount: 100, quantity: 1 };
      const cases: [Record<string, unknown>, string][] = [
        [{ code: undefined }, "code"],
        [{ code: "no spaces allowed" }, "code"],
        [{ code: "X".repeat(33) }, "code"],
        [{ code: code.code, userId: 42 }, "userId"],
        [{ code: code.code, amount: -1, currency: "EUR" }, "amount"],
        [{ code: code.code, amount: 10.5, currency: "EUR" }, "amount"],
        [{ code: code.code, amount: 1e20, currency: "EUR" }, "amount"],
        [{ code: code.code, amount: MAX_AMOUNT + 1, currency: "EUR" }, "amount"],
        [{ code: code.code, amount: 100 }, "currency"],
        [{ code: code.code, amount: 100, currency: "EURO" }, "currency"],
        [{ code: code.code, amount: 100, currency: "EUR", cart: { currency: "EUR", lines: [] } }, "amount"],
        [{ code: code.code, cart: { currency: "EUR", lines: [{ ...line, quantity: 0 }] } }, "cart.lines.0.quantity"],
        [{ code: code.code, cart: { currency: "EUR", lines: [{ ...line, quantity: 10_001 }] } }, "cart.lines.0.quantity"],
        [{ code: code.code, cart: { currency: "EUR", lines: [{ ...line, unitAmount: -5 }] } }, "cart.lines.0.unitAmount"],
        [{ code: code.code, cart: { currency: "EUR", lines: Array.from({ length: 101 }, () => line) } }, "cart.lines"],
        [{ code: code.code, cart: { currency: "EUR", lines: [{ ...line, unitAmount: MAX_AMOUNT, quantity: 2 }] } }, "cart.lines"],
        [{ code: code.code, cart: { lines: [line] } }, "cart.currency"],
      ];
      for (const [body, path] of cases) {
        const res = await redeem(body);
        expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(422);
        expect(res.body.code).toBe("validation_failed");
        expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
      }
      expect(await records(code.id)).toHaveLength(0);
    });

    it("422 currency_mismatch when the lines or the request disagree with the cart's currency", async () => {
      const code = await activeCode();
      const line = { sku: "A", brandId: brand.brand!.id, unitAmount: 100, quantity: 1 };
      const mixed = await redeem({ code: code.code, cart: { currency: "EUR", lines: [line, { ...line, currency: "USD" }] } });
      expect(mixed.status).toBe(422);
      expect(mixed.body.code).toBe("currency_mismatch");
      const top = await redeem({ code: code.code, currency: "GBP", cart: { currency: "EUR", lines: [line] } });
      expect(top.body.code).toBe("currency_mismatch");
      expect(await stack.ledger.isClaimed({ codeId: code.id, user: shopper }, clock())).toBe(false);
    });

    it("400 invalid_json and 413 payload_too_large", async () => {
      const bad = await api.call("POST", PATH, { auth: cookieAuth(shopper), raw: '{"code": "ABC",' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe("invalid_json");
      const big = await api.call("POST", PATH, { auth: cookieAuth(shopper), raw: JSON.stringify({ code: "ABC", userId: shopper.id, pad: "x".repeat(17_000) }) });
      expect(big.status).toBe(413);
      expect(big.body.code).toBe("payload_too_large");
    });
  });

  describe("exactly once, and nothing lost", () => {
    it("200 concurrent redemptions of one user and code: one 201, 199 × 409, one record", async () => {
      const code = await activeCode();
      const [racer] = await quickShoppers(db, 1);
      const results = await Promise.all(Array.from({ length: 200 }, () => redeem({ code: code.code, amount: 1000, currency: "EUR" }, racer!)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(199);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "already_used")).toBe(true);
      expect(await records(code.id)).toHaveLength(1);
    });

    it("100 users at once: 100 × 201 and 100 records", async () => {
      const code = await activeCode();
      const crowd = await quickShoppers(db, 100);
      const results = await Promise.all(crowd.map((u) => redeem({ code: code.code }, u)));
      expect(results.map((r) => r.status)).toEqual(crowd.map(() => 201));
      const rows = await records(code.id);
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r) => r.userId))).toEqual(new Set(crowd.map((u) => u.id)));
    });

    it("a failed database write after a won claim answers 503, releases the claim, and the code stays usable", async () => {
      const code = await activeCode();
      const [victim] = await quickShoppers(db, 1);
      // A real failure inside the database: a trigger refuses this user's usage record.
      await db.execute(
        sql.raw(`create or replace function refuse_usage() returns trigger language plpgsql as $$
          begin if new.user_id = '${victim!.id}' then raise exception 'injected failure'; end if; return new; end $$`),
      );
      await db.execute(sql.raw(`create trigger refuse_usage before insert on usage_records for each row execute function refuse_usage()`));
      try {
        const res = await redeem({ code: code.code }, victim!);
        expect(res.status).toBe(503);
        expect(res.body.code).toBe("unavailable");
        expect(await records(code.id)).toHaveLength(0);
        expect(await stack.ledger.isClaimed({ codeId: code.id, user: victim! }, clock())).toBe(false);
      } finally {
        await db.execute(sql.raw(`drop trigger refuse_usage on usage_records`));
      }
      const retry = await redeem({ code: code.code }, victim!);
      expect(retry.status).toBe(201);
      expect(await records(code.id)).toHaveLength(1);
    });

    if (ledgerKind === "upstash") {
      it("503 unavailable while Redis is unreachable, and nothing recorded", async () => {
        const code = await activeCode();
        stack.bridge!.setDown(true);
        let res;
        try {
          res = await redeem({ code: code.code });
        } finally {
          stack.bridge!.setDown(false);
        }
        expect(res.status).toBe(503);
        expect(res.body.code).toBe("unavailable");
        expect(await records(code.id)).toHaveLength(0);
        expect((await redeem({ code: code.code })).status).toBe(201);
      });
    }

    it("a record that exists although the ledger lost its claim still answers 409 (the unique index)", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      expect((await redeem({ code: code.code }, u!)).status).toBe(201);
      await stack.ledger.release({ codeId: code.id, user: u! }); // the ledger forgets (e.g. Redis lost data)
      const again = await redeem({ code: code.code }, u!);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("already_used");
      expect(await records(code.id)).toHaveLength(1);
    });
  });

  // A process that dies between its won claim and its write leaves a claim without a record. The
  // claim is written straight into the ledger here, as that process would have left it.
  describe("a claim without a record (its process died before writing)", () => {
    const strand = (code: { id: string }, user: QuickUser, ageMs: number) =>
      stack.ledger.claim({ codeId: code.id, user }, { expiresAt: new Date(clock().getTime() + 30 * day), now: new Date(clock().getTime() - ageMs) });

    it(`older than ${STALE_CLAIM_MS / 1000} s is taken over: 201, exactly one record, and the claim is the new one`, async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      expect((await strand(code, u!, STALE_CLAIM_MS + 5_000)).status).toBe("won");
      const res = await redeem({ code: code.code, amount: 1000, currency: "EUR" }, u!);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: code.code, userId: u!.id, usedAt: clock().toISOString() });
      const rows = await records(code.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(res.body.id);
      expect(await stack.ledger.claim({ codeId: code.id, user: u! }, { expiresAt: new Date(clock().getTime() + day), now: clock() })).toEqual({
        status: "taken",
        claimedAt: clock(),
      });
      const again = await redeem({ code: code.code }, u!);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("already_used");
      expect(await records(code.id)).toHaveLength(1);
    });

    it("younger than that is a winner still writing: 409, the claim left alone — until it has aged with no record", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      const strandedAt = new Date(clock().getTime() - (STALE_CLAIM_MS - 1_000));
      expect((await strand(code, u!, STALE_CLAIM_MS - 1_000)).status).toBe("won");
      for (let i = 0; i < 3; i++) {
        const res = await redeem({ code: code.code }, u!);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("already_used");
      }
      expect(await records(code.id)).toHaveLength(0);
      expect(await stack.ledger.claim({ codeId: code.id, user: u! }, { expiresAt: new Date(clock().getTime() + day), now: clock() })).toEqual({
        status: "taken",
        claimedAt: strandedAt,
      });
      clock.advance(1_000); // now exactly STALE_CLAIM_MS old, and still no record: stranded
      try {
        expect((await redeem({ code: code.code }, u!)).status).toBe(201);
        expect(await records(code.id)).toHaveLength(1);
      } finally {
        clock.set(start);
      }
    });

    it("backed by a record stays 409 however old the claim, and the claim is kept", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      const first = await redeem({ code: code.code }, u!);
      expect(first.status).toBe(201);
      const claimedAt = clock();
      clock.advance(10 * STALE_CLAIM_MS);
      try {
        const res = await redeem({ code: code.code }, u!);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe("already_used");
        expect(await records(code.id)).toHaveLength(1);
        expect(await stack.ledger.claim({ codeId: code.id, user: u! }, { expiresAt: new Date(clock().getTime() + day), now: clock() })).toEqual({
          status: "taken",
          claimedAt,
        });
      } finally {
        clock.set(start);
      }
    });

    it("50 concurrent redemptions over one stranded claim: one 201, 49 × 409, one record", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      expect((await strand(code, u!, 2 * STALE_CLAIM_MS)).status).toBe("won");
      const results = await Promise.all(Array.from({ length: 50 }, () => redeem({ code: code.code }, u!)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === "already_used")).toBe(true);
      expect(await records(code.id)).toHaveLength(1);
    });
  });

  describe("Idempotency-Key", () => {
    it("a retry with the same key and body returns the first answer, without a second redemption", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      const key = { "idempotency-key": `k-${code.id.slice(0, 12)}` };
      const first = await redeem({ code: code.code, amount: 500, currency: "EUR" }, u!, key);
      expect(first.status).toBe(201);
      const replay = await redeem({ currency: "eur", amount: 500, code: code.code.toLowerCase() }, u!, key);
      expect(replay.status).toBe(201);
      expect(JSON.stringify(replay.body)).toBe(JSON.stringify(first.body)); // the same bytes, key order included
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(await records(code.id)).toHaveLength(1);
      // Without the key the same request is a second attempt: 409.
      expect((await redeem({ code: code.code, amount: 500, currency: "EUR" }, u!)).status).toBe(409);
    });

    it("the same key with another body → 409 idempotency_key_reused", async () => {
      const code = await activeCode();
      const key = { "idempotency-key": `reuse-${code.id.slice(0, 8)}` };
      expect((await redeem({ code: code.code, amount: 500, currency: "EUR" }, other, key)).status).toBe(201);
      const res = await redeem({ code: code.code, amount: 501, currency: "EUR" }, other, key);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("idempotency_key_reused");
    });

    it("keys are per user, replay errors too, and a 503 frees the key for a retry", async () => {
      const key = { "idempotency-key": "shared-key-1" };
      const missing = uniqueCode();
      const [a, b] = await quickShoppers(db, 2);
      const first = await redeem({ code: missing }, a!, key);
      expect(first.status).toBe(404);
      const code = await insertCode(db, { brandId: brand.brand!.id, code: missing, validFrom: new Date(clock().getTime() - hour), validUntil: new Date(clock().getTime() + day) });
      const replayed = await redeem({ code: missing }, a!, key);
      expect(replayed.status).toBe(404);
      expect(replayed.body).toEqual(first.body);
      expect((await redeem({ code: missing }, b!, key)).status).toBe(201); // b's key is b's own

      await db.execute(sql.raw(`create or replace function refuse_all() returns trigger language plpgsql as $$ begin raise exception 'down'; end $$`));
      await db.execute(sql.raw(`create trigger refuse_all before insert on usage_records for each row execute function refuse_all()`));
      const retryKey = { "idempotency-key": "after-outage" };
      try {
        expect((await redeem({ code: code.code }, a!, retryKey)).status).toBe(503);
      } finally {
        await db.execute(sql.raw(`drop trigger refuse_all on usage_records`));
      }
      expect((await redeem({ code: code.code }, a!, retryKey)).status).toBe(201);
    });

    it("409 request_in_progress while the first request holds the key; a key abandoned for a minute is taken over", async () => {
      const code = await activeCode();
      const [u] = await quickShoppers(db, 1);
      const body = { code: code.code, userId: u!.id };
      const { hashRequest } = await import("@/lib/http/idempotency");
      const requestHash = hashRequest(new Request(`http://x${PATH}`, { method: "POST" }), { code: code.code, userId: u!.id });
      await db.insert(idempotencyKeys).values({ userId: u!.id, key: "busy", requestHash, createdAt: clock() });
      const busy = await api.post(PATH, body, cookieAuth(u!), { "idempotency-key": "busy" });
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe("request_in_progress");
      await db
        .update(idempotencyKeys)
        .set({ createdAt: new Date(clock().getTime() - 2 * 60_000) })
        .where(and(eq(idempotencyKeys.userId, u!.id), eq(idempotencyKeys.key, "busy")));
      const taken = await api.post(PATH, body, cookieAuth(u!), { "idempotency-key": "busy" });
      expect(taken.status).toBe(201);
    });

    it("422 for a key that is empty, too long or not printable ASCII", async () => {
      const code = await activeCode();
      for (const bad of [" ", "x".repeat(256), "schlüssel"]) {
        const res = await api.call("POST", PATH, {
          auth: cookieAuth(shopper),
          body: { code: code.code, userId: shopper.id },
          headers: { "idempotency-key": bad },
        });
        expect(res.status, bad).toBe(422);
        expect(res.body.code).toBe("validation_failed");
      }
    });
  });

  describe("codes that cannot be guessed", () => {
    it(`after ${LOOKUP_MISS_LIMIT} misses in a window every lookup is 429 with Retry-After, until the window ends`, async () => {
      const windowStart = Math.ceil(clock().getTime() / (LOOKUP_WINDOW_SECONDS * 1000)) * LOOKUP_WINDOW_SECONDS * 1000;
      clock.set(windowStart + 10_000);
      try {
        const code = await activeCode();
        const [guesser] = await quickShoppers(db, 1);
        for (let i = 0; i < LOOKUP_MISS_LIMIT; i++) {
          expect((await redeem({ code: uniqueCode("G") }, guesser!)).status).toBe(404);
        }
        const limited = await redeem({ code: uniqueCode("G") }, guesser!);
        expect(limited.status).toBe(429);
        expect(limited.body.code).toBe("rate_limited");
        expect(limited.headers.get("retry-after")).toBe(String(LOOKUP_WINDOW_SECONDS - 10));
        // A real code gets the same answer: a guesser cannot tell a hit from a miss…
        expect((await redeem({ code: code.code }, guesser!)).status).toBe(429);
        const lookup = await api.get(`/api/v1/discountcode/${code.code}`, cookieAuth(guesser!));
        expect(lookup.status).toBe(429);
        expect(lookup.headers.get("retry-after")).toBe(String(LOOKUP_WINDOW_SECONDS - 10));
        expect(await records(code.id)).toHaveLength(0);
        // …while other users are unaffected, and the next window starts afresh.
        expect((await redeem({ code: code.code }, other)).status).toBe(201);
        clock.set(windowStart + LOOKUP_WINDOW_SECONDS * 1000 + 1);
        expect((await redeem({ code: code.code }, guesser!)).status).toBe(201);
      } finally {
        clock.set(start);
      }
    });
  });
});

// Two app instances — two node processes, each serving the real routes — on one real PostgreSQL
// database and one Redis (Upstash ledger through the bridge), hit at the same time.
if (hasStores("two app instances on one PostgreSQL and one Redis", ["postgres", "redis"])) {
  describe("two app instances in separate processes, one PostgreSQL, one Redis", () => {
    let db: Database;
    let drop: () => Promise<void>;
    let bridge: UpstashBridge;
    const children: ChildProcess[] = [];
    const urls: string[] = [];
    /** Two more instances with the usage ledger on the shared PostgreSQL. */
    const dbLedgerUrls: string[] = [];
    const prefix = `t:${randomBytes(6).toString("hex")}:`;

    beforeAll(async () => {
      const created = await createPostgresDatabase();
      drop = created.drop;
      db = await openDatabase({ kind: "postgres", url: created.url, migrate: false });
      bridge = await startUpstashBridge({ redisUrl: inject("redisUrl")! });
      for (let i = 0; i < 2; i++) {
        const child = spawn(process.execPath, ["--import", "tsx", "test/app-instance.ts"], {
          cwd: process.cwd(),
          env: {
            ...process.env,
            INSTANCE_DATABASE_URL: created.url,
            INSTANCE_UPSTASH_URL: bridge.url,
            INSTANCE_UPSTASH_TOKEN: bridge.token,
            INSTANCE_UPSTASH_PREFIX: prefix,
          },
          stdio: ["pipe", "pipe", "inherit"],
        });
        children.push(child);
        urls.push(await firstLine(child).then((line) => (JSON.parse(line) as { url: string }).url));
      }
      for (let i = 0; i < 2; i++) {
        const child = spawn(process.execPath, ["--import", "tsx", "test/app-instance.ts"], {
          cwd: process.cwd(),
          env: { ...process.env, INSTANCE_DATABASE_URL: created.url, INSTANCE_LEDGER: "database" },
          stdio: ["pipe", "pipe", "inherit"],
        });
        children.push(child);
        dbLedgerUrls.push(await firstLine(child).then((line) => (JSON.parse(line) as { url: string }).url));
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : (c.once("exit", resolve), c.stdin?.end())))));
      const raw = new IORedis(inject("redisUrl")!);
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length) await raw.del(...keys);
      raw.disconnect();
      await bridge?.close();
      await db?.close();
      await drop?.();
    });

    it("200 redemptions of one user and code split over both instances: exactly one 201", async () => {
      expect(new Set(urls).size).toBe(2);
      const owner = await createUser(db.db, { role: "brand", brandName: "Two Instances" });
      const code = await insertCode(db.db, { brandId: owner.brand!.id, validFrom: new Date(Date.now() - hour), validUntil: new Date(Date.now() + day) });
      const [racer] = await quickShoppers(db.db, 1);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          apiClient(urls[i % 2]!).post(PATH, { code: code.code, userId: racer!.id }, cookieAuth(racer!)),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(199);
      const rows = await db.db.select().from(usageRecords).where(eq(usageRecords.codeId, code.id));
      expect(rows).toHaveLength(1);
    });

    // API.md part 2: the cap is enforced atomically with the once-per-user gate, across instances.
    it.each([
      ["Upstash", () => urls],
      ["database", () => dbLedgerUrls],
    ])("50 users over both instances racing for the last 3 uses of a capped code (%s ledger): exactly 3", async (_name, instanceUrls) => {
      const owner = await createUser(db.db, { role: "brand", brandName: `Two Instances Cap ${_name}` });
      const code = await insertCode(db.db, { brandId: owner.brand!.id, validFrom: new Date(Date.now() - hour), validUntil: new Date(Date.now() + day) });
      await db.db.update(discountCodes).set({ maxRedemptions: 3 }).where(eq(discountCodes.id, code.id));
      const crowd = await quickShoppers(db.db, 50);
      const results = await Promise.all(
        crowd.map((u, i) => apiClient(instanceUrls()[i % 2]!).post(PATH, { code: code.code, userId: u.id }, cookieAuth(u))),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409).map((r) => (r.body as { code: string }).code)).toEqual(crowd.slice(3).map(() => "exhausted"));
      expect(await db.db.select().from(usageRecords).where(eq(usageRecords.codeId, code.id))).toHaveLength(3);
    });

    it("50 users on each instance at once: 100 × 201 and 100 records", async () => {
      const owner = await createUser(db.db, { role: "brand", brandName: "Two Instances Crowd" });
      const code = await insertCode(db.db, { brandId: owner.brand!.id, validFrom: new Date(Date.now() - hour), validUntil: new Date(Date.now() + day) });
      const crowd = await quickShoppers(db.db, 100);
      const results = await Promise.all(
        crowd.map((u, i) => apiClient(urls[i % 2]!).post(PATH, { code: code.code, userId: u.id }, cookieAuth(u))),
      );
      expect(results.map((r) => r.status)).toEqual(crowd.map(() => 201));
      expect(await db.db.select().from(usageRecords).where(eq(usageRecords.codeId, code.id))).toHaveLength(100);
    });
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        child.stdout!.off("data", onData);
        resolve(buf.slice(0, nl));
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`app instance exited with ${code} before listening`)));
  });
}
