// /api/v1/discountcode/batch over real HTTP on PGlite and PostgreSQL (API.md part 2, "Bulk unique
// codes"): 202 with the batch row and its outbox row, progress while the job runs, done, the CSV,
// authz (shoppers 403, another brand's batch 404), 422s, the per-brand throttle.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database, Db } from "@/lib/db";
import { codeBatches, discountCodes, outboxEvents } from "@/lib/db/schema";
import { generateBatchChunk, runBatchJob } from "@/lib/discounts/batches";
import { CODE_ALPHABET } from "@/lib/discounts/batches";
import { createDatabaseLimiter } from "@/lib/ratelimit/database";
import { testDatabases } from "@/test/db";
import { apiClient } from "@/test/discount-fixtures";
import { createUser, issueToken, sessionCookie, testDeps, type TestUser } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const PATH = "/api/v1/discountcode/batch/";
const now = new Date("2026-11-30T12:00:00.000Z");
const clock = fixedClock(now);
const inDays = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();

describe.each(testDatabases())("/api/v1/discountcode/batch on $name", ({ open }) => {
  let database: Database;
  let db: Db;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let brand: TestUser;
  let other: TestUser;
  let asBrand: Record<string, string>;
  let asOther: Record<string, string>;
  let asShopper: Record<string, string>;
  const dispatched: number[] = [];
  const jobPorts = () => ({ db, clock, events: { dispatch: () => {} } });

  beforeAll(async () => {
    database = await open();
    db = database.db;
    server = await startTestServer(testDeps(database, { clock, events: { dispatch: (ids) => void dispatched.push(...ids) } }));
    api = apiClient(server.url);
    brand = await createUser(db, { role: "brand", brandName: "Batch Brand" });
    other = await createUser(db, { role: "brand", brandName: "Other Batch Brand" });
    const shopper = await createUser(db, { role: "shopper" });
    asBrand = { authorization: `Bearer ${await issueToken(db, brand.id)}` };
    asOther = { cookie: await sessionCookie(other) };
    asShopper = { cookie: await sessionCookie(shopper) };
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  const csv = async (id: string, auth: Record<string, string>) => fetch(`${server.url}${PATH}${id}/codes.csv`, { headers: auth });

  it("202 → running with progress → done → the codes as CSV", async () => {
    const res = await api.post(PATH, { prefix: "xmas", count: 12_000, discount: 20, validUntil: inDays(30) }, asBrand);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^bat_/), status: "running", created: 0, total: 12_000, prefix: "XMAS", maxRedemptions: 1 });
    const id = res.body.id as string;
    expect(res.headers.get("location")).toBe(`${PATH}${id}/`);
    // The batch row and its outbox row, dispatched after commit.
    const [event] = (await db.select().from(outboxEvents).where(eq(outboxEvents.name, "discount/batch.requested"))).filter(
      (e) => (e.payload as { batchId: string }).batchId === id,
    );
    expect(event!.payload).toEqual({ batchId: id, brandId: brand.brand!.id });
    expect(dispatched).toContain(event!.id);

    await generateBatchChunk(jobPorts(), { batchId: id, brandId: brand.brand!.id });
    const midway = await api.get(`${PATH}${id}`, asBrand);
    expect(midway.status).toBe(200);
    expect(midway.body).toMatchObject({ id, status: "running", created: 5_000, total: 12_000 });

    await runBatchJob(jobPorts(), { batchId: id, brandId: brand.brand!.id });
    const done = await api.get(`${PATH}${id}/`, asBrand);
    expect(done.body).toMatchObject({ id, status: "done", created: 12_000, total: 12_000, prefix: "XMAS", finishedAt: now.toISOString(), error: null });

    const file = await csv(id, asBrand);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="xmas-bat_[0-9a-z]+\.csv"$/);
    const lines = (await file.text()).split("\r\n");
    expect(lines[0]).toBe("code");
    expect(lines.at(-1)).toBe("");
    const codes = lines.slice(1, -1);
    expect(codes).toHaveLength(12_000);
    expect(new Set(codes).size).toBe(12_000);
    expect(codes.every((c) => new RegExp(`^XMAS-[${CODE_ALPHABET}]{8}$`).test(c))).toBe(true);
    const stored = await db.select({ code: discountCodes.code }).from(discountCodes).where(eq(discountCodes.batchId, id));
    expect(new Set(stored.map((s) => s.code))).toEqual(new Set(codes));

    // The list: newest first.
    const second = await api.post(PATH, { prefix: "NY", count: 5, ruleId: res.body.ruleId, validUntil: inDays(10) }, asBrand);
    expect(second.status).toBe(202);
    const list = await api.get<{ data: { id: string }[]; nextCursor: string | null }>(PATH.slice(0, -1), asBrand);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b) => b.id).slice(0, 2)).toEqual([second.body.id, id]);
    const page = await api.get<{ data: { id: string }[]; nextCursor: string | null }>(`${PATH}?limit=1`, asBrand);
    expect(page.body.data).toHaveLength(1);
    const next = await api.get<{ data: { id: string }[] }>(`${PATH}?limit=1&cursor=${page.body.nextCursor}`, asBrand);
    expect(next.body.data[0]!.id).toBe(id);
  });

  it("an inline rule (fixed amount) is found or created; codes of a fixed-amount batch", async () => {
    const rule = { type: "fixed_amount", amountOff: { amount: 500, currency: "eur" } };
    const res = await api.post(PATH, { prefix: "FIVE", count: 3, rule, validUntil: inDays(5), maxRedemptions: 2 }, asBrand);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ maxRedemptions: 2, rule: { type: "fixed_amount", amountOff: { amount: 500, currency: "EUR" }, percent: null } });
    const again = await api.post(PATH, { prefix: "FIVE", count: 3, rule, validUntil: inDays(5) }, asBrand);
    expect(again.body.ruleId).toBe(res.body.ruleId);
  });

  it("authz: anonymous 401, shoppers 403, another brand's batch 404 (status and CSV), an unknown id 404", async () => {
    const res = await api.post(PATH, { prefix: "MINE", count: 2, discount: 5, validUntil: inDays(5) }, asBrand);
    const id = res.body.id as string;
    expect((await api.post(PATH, { prefix: "NOPE", count: 2, discount: 5, validUntil: inDays(5) })).status).toBe(401);
    const shopper = await api.post(PATH, { prefix: "NOPE", count: 2, discount: 5, validUntil: inDays(5) }, asShopper);
    expect(shopper.status).toBe(403);
    expect(shopper.body.code).toBe("forbidden");
    expect((await api.get(`${PATH}${id}/`, asShopper)).status).toBe(403);
    const theirs = await api.get(`${PATH}${id}/`, asOther);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("not_found");
    const file = await csv(id, asOther);
    expect(file.status).toBe(404);
    expect(file.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await api.get(`${PATH}bat_00000000000000000000000000/`, asBrand)).status).toBe(404);
    expect((await api.get(`${PATH}nonsense/`, asBrand)).status).toBe(404);
    const list = await api.get<{ data: { id: string }[] }>(PATH, asOther);
    expect(list.body.data.map((b) => b.id)).not.toContain(id);
  });

  it("403 email_unverified for an unverified brand admin; nothing written", async () => {
    const fresh = await createUser(db, { role: "brand", verified: false });
    const res = await api.post(PATH, { prefix: "EARLY", count: 2, discount: 5, validUntil: inDays(5) }, { cookie: await sessionCookie(fresh) });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("email_unverified");
    expect(await db.select().from(codeBatches).where(eq(codeBatches.brandId, fresh.brand!.id))).toEqual([]);
  });

  it.each([
    ["prefix", { prefix: "A" }],
    ["prefix", { prefix: "TOO-LONG-PREFIX" }],
    ["prefix", { prefix: "AB CD" }],
    ["count", { count: 0 }],
    ["count", { count: 100_001 }],
    ["validUntil", { validUntil: undefined }],
    ["validUntil", { validUntil: "2020-01-01T00:00:00Z" }],
    ["validUntil", { validFrom: inDays(10), validUntil: inDays(5) }],
    ["discount", { discount: undefined }],
    ["discount", { ruleId: 1 }],
    ["discount", { discount: 101 }],
    ["ruleId", { discount: undefined, ruleId: 2_000_000_000 }],
    ["maxRedemptions", { maxRedemptions: 0 }],
  ])("422 validation_failed for a bad %s", async (path, patch) => {
    const res = await api.post(PATH, { prefix: "OK", count: 2, discount: 5, validUntil: inDays(5), ...patch }, asBrand);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.code).toBe("validation_failed");
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });

  it("405 with Allow for other methods; 400 for malformed JSON", async () => {
    const put = await api.call("PUT", PATH, { auth: asBrand, body: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    const del = await api.call("DELETE", `${PATH}bat_x/`, { auth: asBrand });
    expect(del.status).toBe(405);
    expect((await api.call("POST", PATH, { auth: asBrand, raw: "{nope" })).status).toBe(400);
  });

  it("429 rate_limited with Retry-After past 10 batches an hour for one brand", async () => {
    const limited = await startTestServer(testDeps(database, { clock, limiter: createDatabaseLimiter(db) }));
    try {
      const b = await createUser(db, { role: "brand" });
      const auth = { cookie: await sessionCookie(b) };
      const limitedApi = apiClient(limited.url);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await limitedApi.post(PATH, { prefix: "RL", count: 1, discount: 5, validUntil: inDays(5) }, auth)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
      const last = await limitedApi.post(PATH, { prefix: "RL", count: 1, discount: 5, validUntil: inDays(5) }, auth);
      expect(last.status).toBe(429);
      expect(last.body.code).toBe("rate_limited");
      expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
