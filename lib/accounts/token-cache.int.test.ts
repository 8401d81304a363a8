// Bearer tokens are cached in process (token-cache.ts). What must hold: a revoked token is refused
// at once by the instance that revoked it, and by every other instance as soon as the revocation
// commits (NOTIFY account_changed) — not after the cache's TTL. Two app instances in their own
// processes on one PostgreSQL database, as behind a load balancer; and the same in one process on
// each database engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db";
import { createPostgresDatabase, testDatabases } from "@/test/db";
import { createUser, issueToken, testDeps } from "@/test/fixtures";
import { startTestServer, type TestServer } from "@/test/http";
import { startInstance, stopInstance, type Instance } from "@/test/instances";
import { report } from "@/lib/log/report";
import { TOKEN_CACHE_TTL_MS } from "./token-cache";
import { hasStores } from "@/test/skipped-suites";

const introspect = (url: string, token: string) =>
  fetch(`${url}/api/v1/auth/token`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { active: boolean } }));
const revoke = (url: string, token: string) => fetch(`${url}/api/v1/auth/token`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });

describe.each(testDatabases())("cached tokens on $name, one process", ({ open }) => {
  let database: Database;
  let server: TestServer;
  beforeAll(async () => {
    database = await open();
    server = await startTestServer(testDeps(database));
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("a revoked token is refused on the very next request, though it was cached", async () => {
    const user = await createUser(database.db);
    const token = await issueToken(database.db, user.id);
    for (let i = 0; i < 3; i++) expect((await introspect(server.url, token)).status).toBe(200);
    expect((await revoke(server.url, token)).status).toBe(204);
    expect(await introspect(server.url, token)).toMatchObject({ status: 401, body: { active: false } });
  });

  it("verifying the email shows in the next request's account, though it was cached", async () => {
    const user = await createUser(database.db, { verified: false });
    const token = await issueToken(database.db, user.id);
    const before = (await introspect(server.url, token)).body as unknown as { user: { emailVerified: boolean } };
    expect(before.user.emailVerified).toBe(false);
    const { accountChanged } = await import("./token-cache");
    const { users } = await import("@/lib/db/schema");
    const { eq } = await import("drizzle-orm");
    await database.db.transaction(async (tx) => {
      await tx.update(users).set({ emailVerified: new Date() }).where(eq(users.id, user.id));
      await accountChanged(tx, user.id);
    });
    const after = (await introspect(server.url, token)).body as unknown as { user: { emailVerified: boolean } };
    expect(after.user.emailVerified).toBe(true);
  });
});

describe.skipIf(!hasStores("cached tokens across two app instances", ["postgres"]))("cached tokens across two app instances (PostgreSQL)", () => {
  let a: Instance | undefined;
  let b: Instance | undefined;
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    database = await openDatabase({ kind: "postgres", url: created.url, migrate: false });
    const env = { INSTANCE_DATABASE_URL: created.url, INSTANCE_LEDGER: "database" };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  });
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await database?.close();
    await drop?.();
  });

  it("a token revoked on one instance is refused by the other within milliseconds, far inside the TTL", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 5; round++) {
      const user = await createUser(database.db);
      const token = await issueToken(database.db, user.id);
      // Both instances have it cached.
      expect((await introspect(a!.url, token)).status).toBe(200);
      expect((await introspect(b!.url, token)).status).toBe(200);
      expect((await revoke(a!.url, token)).status).toBe(204);
      const revokedAt = performance.now();
      let status = 200;
      while (status === 200 && performance.now() - revokedAt < TOKEN_CACHE_TTL_MS / 2) status = (await introspect(b!.url, token)).status;
      delays.push(performance.now() - revokedAt);
      expect(status).toBe(401);
    }
    report(`token revoked on instance A refused by instance B after ${delays.map((d) => d.toFixed(1)).join(", ")} ms (TTL ${TOKEN_CACHE_TTL_MS} ms)`);
    // Well before the TTL: the notification, not the expiry, did it.
    expect(Math.max(...delays)).toBeLessThan(TOKEN_CACHE_TTL_MS / 4);
  });
});
