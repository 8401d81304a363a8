// The authorization matrix: every API route × method × caller → the expected status, over real
// HTTP into the real route modules, on PGlite and PostgreSQL.
//
// Callers: anonymous, shopper, another shopper, brand admin, another brand's admin, a revoked
// token, an expired token. Each user persona calls twice: with a bearer token and with a session
// cookie (rows say where those differ).
//
// ADDING ROWS: create or extend `test/authz/<area>.rows.ts` exporting `rows: AuthzRow[]` (see
// test/authz/types.ts and test/authz/accounts.rows.ts) — it is picked up automatically. A route or
// method under app/api without a row fails "every route has rows"; a row for a route that no longer
// exists fails too. `request(world, as)` runs afresh for every cell, so a row can create what its
// cell needs (a code to fetch, a unique email) and address the persona's own user (`as.user`).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../lib/db";
import { testDatabases } from "./db";
import { createUser, issueToken, revokedToken, sessionCookie, testDeps, type TestUser } from "./fixtures";
import { apiRoutes, startTestServer, type TestServer } from "./http";
import { personas, userPersonas, type As, type AuthzRow, type Persona, type World } from "./authz/types";

// Vite (under vitest) expands import.meta.glob at transform time.
declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
  }
}
const rowFiles = import.meta.glob<{ rows: AuthzRow[] }>("./authz/*.rows.ts", { eager: true });
const rows = Object.values(rowFiles).flatMap((m) => m.rows);

type Cell = { persona: Persona; via: As["via"]; label: string };
const cells: Cell[] = personas.flatMap((persona): Cell[] => {
  if (persona === "anonymous") return [{ persona, via: "none", label: persona }];
  if (persona === "revokedToken" || persona === "expiredToken") return [{ persona, via: "token", label: persona }];
  return [
    { persona, via: "token", label: `${persona} (token)` },
    { persona, via: "session", label: `${persona} (session)` },
  ];
});

function expectedStatus(row: AuthzRow, cell: Cell): number {
  if (cell.via === "session") return row.session?.[cell.persona as keyof typeof row.session] ?? row.expect[cell.persona];
  return row.expect[cell.persona];
}

describe.each(testDatabases())("authorization matrix on $name", ({ open }) => {
  let database: Database;
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    database = await open();
    const deps = testDeps(database);
    server = await startTestServer(deps);
    const db = database.db;
    const users: Record<(typeof userPersonas)[number], TestUser> = {
      shopper: await createUser(db, { role: "shopper" }),
      otherShopper: await createUser(db, { role: "shopper" }),
      brandAdmin: await createUser(db, { role: "brand", brandName: "Matrix Brand A" }),
      otherBrandAdmin: await createUser(db, { role: "brand", brandName: "Matrix Brand B" }),
    };
    let n = 0;
    world = { url: server.url, db, deps, users, unique: () => `m${(n++).toString(36)}${randomBytes(4).toString("hex")}` };
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  async function credentials(cell: Cell): Promise<As> {
    const { persona, via } = cell;
    if (persona === "anonymous") return { persona, via, user: null, headers: {} };
    const user = persona === "revokedToken" || persona === "expiredToken" ? world.users.brandAdmin : world.users[persona];
    const now = new Date();
    let token: string;
    if (persona === "revokedToken") token = await revokedToken(world.db, user.id);
    else if (persona === "expiredToken") token = await issueToken(world.db, user.id, { now, expiresAt: new Date(now.getTime() - 60_000) });
    else if (via === "session") return { persona, via, user, headers: { cookie: await sessionCookie(user) } };
    else token = await issueToken(world.db, user.id, { now });
    return { persona, via, user, headers: { authorization: `Bearer ${token}` } };
  }

  it("every route and method under app/api has rows, and every row has its route", async () => {
    const routes = await apiRoutes();
    const served = routes.flatMap((r) => r.methods.filter((m) => m !== "HEAD" && m !== "OPTIONS").map((m) => `${m} ${r.pattern}`));
    const covered = new Set(rows.map((r) => `${r.method} ${r.route}`));
    expect(served.filter((s) => !covered.has(s)), "routes without rows (add them in test/authz/*.rows.ts)").toEqual([]);
    expect([...covered].filter((c) => !served.includes(c)), "rows for routes that do not exist").toEqual([]);
  });

  it.each(rows.map((row) => [`${row.method} ${row.route}${row.what ? ` — ${row.what}` : ""}`, row] as const))("%s", async (_name, row) => {
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    for (const cell of cells) {
      const as = await credentials(cell);
      const spec = (await row.request?.(world, as)) ?? {};
      if (!spec.path && row.route.includes("[")) throw new Error(`${row.method} ${row.route}: request() must give a path`);
      const body = spec.form ? new URLSearchParams(spec.form) : spec.body !== undefined ? JSON.stringify(spec.body) : undefined;
      const res = await fetch(world.url + (spec.path ?? row.route), {
        method: row.method,
        redirect: "manual",
        headers: { ...(typeof body === "string" ? { "content-type": "application/json" } : {}), ...as.headers, ...spec.headers },
        ...(body !== undefined && row.method !== "GET" ? { body } : {}),
      });
      await res.arrayBuffer();
      expected[cell.label] = expectedStatus(row, cell);
      actual[cell.label] = res.status;
    }
    expect(actual).toEqual(expected);
  });
});
