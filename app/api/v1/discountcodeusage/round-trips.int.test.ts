// How many round-trips a redemption costs, counted at the drivers: every statement PGlite or
// postgres.js executes, and every HTTP request the Upstash bridge serves. Codes change rarely and
// are cached in process (lib/discounts/code-cache.ts), so a warm redemption is: the caller's
// account (lib/http; none for a bearer token used in the last seconds: lib/accounts/token-cache.ts)
// + the ledger claim + one statement for the usage record and its outbox row;
// a refusal costs one lookup more (is there a record behind the claim?), and taking over a
// stranded claim (no record, older than STALE_CLAIM_MS) a compare-and-delete and a second claim.
// The exact counts are asserted so a regression shows; they are printed for the record.
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/lib/db";
import { STALE_CLAIM_MS } from "@/lib/discounts";
import { schema, type Db } from "@/lib/db";
import { createDatabaseLedger } from "@/lib/ledger/database";
import type { UsageLedger } from "@/lib/ledger/types";
import { apiClient, cookieAuth, insertCode, openUpstashLedger, quickShoppers } from "@/test/discount-fixtures";
import { createPostgresDatabase, testDatabases } from "@/test/db";
import { createUser, issueToken, testDeps } from "@/test/fixtures";
import { startTestServer } from "@/test/http";
import type { UpstashBridge } from "@/test/upstash-bridge";
import { report as print } from "@/lib/log/report";
import { hasStores } from "@/test/skipped-suites";

interface Counted {
  database: Database;
  statements(): number;
}

/** The test's database with a counter of the statements sent to it. */
async function countedDatabase(name: "pglite" | "postgres"): Promise<Counted> {
  let n = 0;
  if (name === "postgres") {
    const { url, drop } = await createPostgresDatabase();
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // A new pool connection first asks for the array types (postgres.js fetch_types): that is the
    // connection's cost, not the request's — whether a request opens one depends on timing.
    const client = postgres(url, { max: 10, onnotice: () => {}, debug: (_c: number, query: string) => void (query.includes("pg_catalog.pg_type") || n++) });
    const db = drizzle({ client, schema }) as unknown as Db;
    const database: Database = {
      db,
      kind: "postgres",
      ping: async () => void (await client`select 1`),
      listen: async (channel, onPayload, onListening) => void (await client.listen(channel, onPayload, onListening)),
      close: async () => {
        await client.end({ timeout: 5 });
        await drop();
      },
    };
    return { database, statements: () => n };
  }
  const database = await testDatabases()[0]!.open();
  const client = (database.db as unknown as { $client: { query: (...a: unknown[]) => unknown; exec: (...a: unknown[]) => unknown } }).$client;
  for (const method of ["query", "exec"] as const) {
    const original = client[method].bind(client);
    client[method] = (...args: unknown[]) => {
      n++;
      return original(...args);
    };
  }
  return { database, statements: () => n };
}

const stacks = testDatabases().flatMap(({ name }) => [
  { name: `${name} + database ledger`, db: name, ledger: "database" as const },
  ...(hasStores(`${name} + Upstash ledger`, ["redis"]) ? [{ name: `${name} + Upstash ledger`, db: name, ledger: "upstash" as const }] : []),
]);

const report: string[] = [];
afterAll(() => {
  print(`\nround-trips per request (database statements / Redis requests):\n${report.join("\n")}\n`);
});

describe.each(stacks)("round-trips of a redemption on $name", ({ db: dbName, ledger: ledgerKind }) => {
  it("warm: the account, the claim and one write; the code costs nothing once cached", async () => {
    const counted = await countedDatabase(dbName);
    let ledger: UsageLedger;
    let bridge: UpstashBridge | undefined;
    let closeLedger = async () => {};
    if (ledgerKind === "upstash") {
      const upstash = await openUpstashLedger(inject("redisUrl")!);
      ({ ledger, bridge } = upstash);
      closeLedger = upstash.close;
    } else {
      ledger = createDatabaseLedger(counted.database.db);
    }
    const server = await startTestServer(testDeps(counted.database, { ledger }));
    try {
      const db = counted.database.db;
      const brand = await createUser(db, { role: "brand" });
      const code = await insertCode(db, { brandId: brand.brand!.id, validFrom: new Date(Date.now() - 60_000), validUntil: new Date(Date.now() + 86_400_000) });
      const users = await quickShoppers(db, 6);
      const token = await issueToken(db, users[4]!.id);
      const api = apiClient(server.url);
      const redisRequests = () => (bridge ? bridge.requests["/"] + bridge.requests["/pipeline"] + bridge.requests["/multi-exec"] : 0);

      const measure = async (label: string, send: () => Promise<{ status: number }>, expected: { status: number; db: number; redis: number }) => {
        const [d0, r0] = [counted.statements(), redisRequests()];
        const res = await send();
        const cost = { status: res.status, db: counted.statements() - d0, redis: redisRequests() - r0 };
        report.push(`  ${`${dbName} + ${ledgerKind} ledger`.padEnd(26)} ${label.padEnd(48)} ${cost.db} / ${cost.redis}`);
        expect(cost, label).toEqual(expected);
      };
      const redeem = (i: number, headers?: Record<string, string>) =>
        api.post("/api/v1/discountcodeusage", { code: code.code, userId: users[i]!.id }, cookieAuth(users[i]!), headers);
      const claim = ledgerKind === "database" ? { db: 1, redis: 0 } : { db: 0, redis: 1 };

      if (bridge) {
        // Loads the scripts (a first EVALSHA costs a second request for the EVAL).
        const warmUp = { codeId: "warm-up", user: { id: "x", seq: 1 } };
        await ledger.claim(warmUp, { expiresAt: new Date(Date.now() + 60_000), now: new Date() });
        await ledger.release(warmUp, { claimedAt: new Date() });
      }
      await measure("redemption, code not cached yet", () => redeem(0), { status: 201, db: 1 + 1 + 1 + claim.db, redis: claim.redis });
      await measure("redemption, code cached", () => redeem(1), { status: 201, db: 1 + 1 + claim.db, redis: claim.redis });
      // The key is taken (1), and its answer is written in the usage record's own statement (0).
      await measure("redemption with an Idempotency-Key", () => redeem(2, { "idempotency-key": "rt-1" }), {
        status: 201,
        db: 1 + 1 + claim.db + 1,
        redis: claim.redis,
      });
      await measure("the same, replayed", () => redeem(2, { "idempotency-key": "rt-1" }), { status: 201, db: 1 + 2, redis: 0 });
      // A lost claim is checked against usage_records (one indexed lookup): a record backs it.
      await measure("redemption refused: already used", () => redeem(1), { status: 409, db: 1 + claim.db + 1, redis: claim.redis });
      // A token's first use loads it (then it is cached in process: lib/accounts/token-cache.ts)
      // and writes its lastUsedAt (fire-and-forget, at most once a minute): use it once
      // beforehand, so the redemption below shows the steady cost — no statement for the caller.
      await api.get("/api/v1/auth/token", { authorization: `Bearer ${token}` });
      const { apiTokens } = schema;
      const lastUsed = async () => (await db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.userId, users[4]!.id)))[0]?.at ?? null;
      await expect.poll(lastUsed, { timeout: 30_000 }).not.toBeNull(); // that write has landed
      await measure("redemption with a bearer token (used < 1 min ago)", () =>
        api.post("/api/v1/discountcodeusage", { code: code.code, userId: users[4]!.id }, { authorization: `Bearer ${token}` }),
        { status: 201, db: 1 + claim.db, redis: claim.redis },
      );
      const stranded = new Date(Date.now() - 2 * STALE_CLAIM_MS);
      await ledger.claim({ codeId: code.id, user: users[5]! }, { expiresAt: new Date(Date.now() + 86_400_000), now: stranded });
      await measure("redemption over a stranded claim", () => redeem(5), {
        status: 201,
        db: 1 + claim.db + 1 + 2 * claim.db + 1,
        redis: claim.redis + 2 * claim.redis,
      });
      // GET: the account, then the budget check, usedByMe and the live-use count (part 2's
      // `redemptions`) side by side (one pipelined request on Upstash).
      await measure("GET /discountcode/{code}, cached", () => api.get(`/api/v1/discountcode/${code.code}`, cookieAuth(users[3]!)), {
        status: 200,
        db: 1 + claim.db + 1,
        redis: claim.redis,
      });
    } finally {
      await server.close();
      await closeLedger();
      await counted.database.close();
    }
  });
});
