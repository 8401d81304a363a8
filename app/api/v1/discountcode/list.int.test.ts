// GET /api/v1/discountcode over real HTTP with the codes list's query (q, status, sort, cursor
// both ways), on PGlite and PostgreSQL: the API is the same listCodes as the dashboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import type { Database } from "@/lib/db";
import { testDatabases } from "@/test/db";
import { apiClient, insertCode } from "@/test/discount-fixtures";
import { createUser, issueToken, testDeps } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
type Page = { data: { code: string; status: string }[]; nextCursor: string | null; prevCursor: string | null };

describe.each(testDatabases())("GET /api/v1/discountcode with q, status, sort on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let auth: Record<string, string>;

  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database, fixedClock(now)));
    api = apiClient(server.url);
    const brand = await createUser(database.db, { role: "brand", brandName: "Lister" });
    auth = { authorization: `Bearer ${await issueToken(database.db, brand.id)}` };
    for (const [code, until] of [["APIA", 3], ["APIB", 1], ["APIC", 2], ["OTHER", 5]] as const) {
      await insertCode(database.db, { brandId: brand.brand!.id, code, validFrom: at(-1), validUntil: at(until), createdAt: at(-until) });
    }
    await insertCode(database.db, { brandId: brand.brand!.id, code: "APIOLD", validFrom: at(-9), validUntil: at(-2), createdAt: at(-9) });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("searches, filters and sorts; pages forwards by nextCursor and back by prevCursor", async () => {
    const first = await api.get<Page>("/api/v1/discountcode?q=api&status=active&sort=ends_asc&limit=2", auth);
    expect(first.status).toBe(200);
    expect(first.body.data.map((c) => c.code)).toEqual(["APIB", "APIC"]);
    expect(first.body.prevCursor).toBeNull();
    const second = await api.get<Page>(`/api/v1/discountcode?q=api&status=active&sort=ends_asc&limit=2&cursor=${first.body.nextCursor}`, auth);
    expect(second.body.data.map((c) => c.code)).toEqual(["APIA"]);
    expect(second.body.nextCursor).toBeNull();
    const back = await api.get<Page>(`/api/v1/discountcode?q=api&status=active&sort=ends_asc&limit=2&cursor=${second.body.prevCursor}`, auth);
    expect(back.body).toEqual(first.body);
    expect((await api.get<Page>("/api/v1/discountcode?status=expired", auth)).body.data.map((c) => c.code)).toEqual(["APIOLD"]);
  });

  it("422 validation_failed for a bad q, status or sort, and for a cursor of another sort", async () => {
    const first = await api.get<Page>("/api/v1/discountcode?limit=1", auth);
    for (const q of ["q=a%25", "q=", "status=live", "sort=name", `sort=ends_desc&cursor=${first.body.nextCursor}`]) {
      const res = await api.get(`/api/v1/discountcode?${q}`, auth);
      expect(res.status, q).toBe(422);
      expect(res.body.code, q).toBe("validation_failed");
    }
  });
});
