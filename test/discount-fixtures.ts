// Fixtures for the discount API's integration suites: every (database × usage ledger) stack the
// app can run on — PGlite or PostgreSQL (TEST_DATABASE_URL) × the database ledger or Upstash over
// the REST bridge on real Redis (TEST_REDIS_URL) — plus fast users, codes in any state and a
// small JSON client.
//
//   describe.each(discountStacks())("… on $name", ({ open }) => { const stack = await open(); … })
import { randomBytes } from "node:crypto";
import type { Database, Db } from "../lib/db";
import { discountCodes, discountRules, users } from "../lib/db/schema";
import { codeIdOf, normalizeCode } from "../lib/discounts/code";
import { newId } from "../lib/ids";
import { createDatabaseLedger } from "../lib/ledger/database";
import type { UsageLedger } from "../lib/ledger/types";
import { testDatabases } from "./db";
import { sessionCookie } from "./fixtures";
import { openUpstashLedger, type UpstashBridge } from "./upstash-bridge";
import { redisUrlFor } from "./skipped-suites";

export { openUpstashLedger };

export interface DiscountStack {
  database: Database;
  ledger: UsageLedger;
  /** The Upstash bridge, on the Upstash stacks. */
  bridge?: UpstashBridge;
  close(): Promise<void>;
}

export interface StackFactory {
  name: string;
  ledgerKind: "database" | "upstash";
  open(): Promise<DiscountStack>;
}


export function discountStacks(): StackFactory[] {
  const redisUrl = redisUrlFor("the Upstash ledger stacks");
  return testDatabases().flatMap((db): StackFactory[] => [
    {
      name: `${db.name} + database ledger`,
      ledgerKind: "database",
      open: async () => {
        const database = await db.open();
        return { database, ledger: createDatabaseLedger(database.db), close: () => database.close() };
      },
    },
    ...(redisUrl
      ? [
          {
            name: `${db.name} + Upstash ledger`,
            ledgerKind: "upstash" as const,
            open: async (): Promise<DiscountStack> => {
              const database = await db.open();
              const upstash = await openUpstashLedger(redisUrl);
              return {
                database,
                ledger: upstash.ledger,
                bridge: upstash.bridge,
                close: async () => {
                  await upstash.close();
                  await database.close();
                },
              };
            },
          },
        ]
      : []),
  ]);
}

export interface QuickUser {
  id: string;
  seq: number;
  email: string;
  name: string;
  role: "shopper";
  /** A `Cookie` header with a session for this user. */
  cookie: string;
}

/** `n` shoppers inserted directly (no password hashing), each with a session cookie. */
export async function quickShoppers(db: Db, n: number): Promise<QuickUser[]> {
  const values = Array.from({ length: n }, () => {
    const id = newId("user");
    return { id, email: `${id.toLowerCase()}@example.test`, name: `Shopper ${id.slice(-6)}`, role: "shopper" as const, emailVerified: new Date() };
  });
  const rows = await db.insert(users).values(values).returning({ id: users.id, seq: users.seq });
  const seqs = new Map(rows.map((r) => [r.id, r.seq]));
  return Promise.all(
    values.map(async (v) => ({ ...v, seq: seqs.get(v.id)!, cookie: await sessionCookie({ id: v.id, email: v.email, name: v.name, role: "shopper" }) })),
  );
}

/** A code in any state (past or future windows included), written directly. */
export async function insertCode(
  db: Db,
  opts: { brandId: string; code?: string; percent?: number; validFrom: Date; validUntil: Date; createdAt?: Date },
): Promise<{ id: string; code: string; ruleId: number }> {
  const code = normalizeCode(opts.code ?? `C${randomBytes(6).toString("hex")}`);
  const [rule] = await db
    .insert(discountRules)
    .values({ brandId: opts.brandId, percent: opts.percent ?? 10 })
    .returning({ id: discountRules.id });
  const id = codeIdOf(code);
  await db.insert(discountCodes).values({
    id,
    code,
    ruleId: rule!.id,
    brandId: opts.brandId,
    validFrom: opts.validFrom,
    validUntil: opts.validUntil,
    createdAt: opts.createdAt ?? new Date(),
  });
  return { id, code, ruleId: rule!.id };
}

/** A fresh unique code string. */
export function uniqueCode(prefix = "T"): string {
  return `${prefix}${randomBytes(6).toString("hex").toUpperCase()}`;
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny JSON client for one test server. */
export function apiClient(baseUrl: string) {
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { auth?: Record<string, string>; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...opts.auth, ...opts.headers };
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(baseUrl + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  }
  return {
    get: <T = Record<string, unknown>>(path: string, auth?: Record<string, string>) => call<T>("GET", path, { auth }),
    post: <T = Record<string, unknown>>(
      path: string,
      body: unknown,
      auth?: Record<string, string>,
      headers?: Record<string, string>,
    ) => call<T>("POST", path, { auth, body, headers }),
    call,
  };
}

export const cookieAuth = (u: { cookie: string }) => ({ cookie: u.cookie });
