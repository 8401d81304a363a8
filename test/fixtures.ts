// Fixtures for integration tests: users (and their brands), API tokens, session cookies, and a
// Deps over a test database. Everything goes through the real domain functions.
//
//   const database = await open();                    // test/db.ts
//   const deps = testDeps(database, fixedClock("2030-01-01T00:00:00Z"));
//   const brand = await createUser(deps.db, { role: "brand", brandName: "Acme" });
//   const token = await issueToken(deps.db, brand.id);          // → "dsc_…"
//   fetch(url, { headers: { authorization: `Bearer ${token}` } })
//   fetch(url, { headers: { cookie: await sessionCookie(brand) } })
import { randomBytes } from "node:crypto";
import { registerAccount, issueApiToken, loadAccount, revokeApiToken } from "../lib/accounts";
import { hashPassword, verifyPassword } from "../lib/auth/password";
import { encodeSessionToken } from "../lib/auth/session-cookie";
import { systemClock, type Clock } from "../lib/clock";
import type { Database, Db } from "../lib/db";
import type { Deps } from "../lib/deps";
import { createDatabaseLedger } from "../lib/ledger/database";
import { createDatabaseLimiter } from "../lib/ratelimit/database";

/** The AUTH_SECRET of every test server (test/http.ts) and of sessionCookie(). */
export const TEST_AUTH_SECRET = "test-auth-secret-not-for-production-0123456789";

export interface TestUser {
  id: string;
  seq: number;
  email: string;
  name: string;
  role: "shopper" | "brand";
  password: string;
  /** The brand this user administers (role "brand"). */
  brand?: { id: string; name: string };
}

const passwords = { hash: hashPassword, verify: verifyPassword };

let counter = 0;
function unique(): string {
  return `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(3).toString("hex")}`;
}

/**
 * A user through the real sign-up (argon2 hash included); role "brand" also creates the brand.
 * Verified by default (no verification email); `verified: false` for a fresh, unverified account
 * whose link is in the outbox like any sign-up's.
 */
export async function createUser(
  db: Db,
  opts: { role?: "shopper" | "brand"; brandName?: string; email?: string; password?: string; name?: string; verified?: boolean } = {},
): Promise<TestUser> {
  const role = opts.role ?? "shopper";
  const id = unique();
  const password = opts.password ?? "correct horse battery";
  const user = await registerAccount(
    db,
    {
      email: (opts.email ?? `${role}-${id}@example.test`).trim().toLowerCase(),
      password,
      name: opts.name ?? `Test ${role} ${id}`,
      role,
      ...(role === "brand" ? { brandName: opts.brandName ?? `Brand ${id}` } : {}),
    },
    { passwords, linkSecret: TEST_AUTH_SECRET, verified: opts.verified ?? true },
  );
  const account = await loadAccount(db, user.id);
  return { ...user, seq: account!.user.seq, password };
}

/** A live API token for the user (the bearer secret, `dsc_…`); pass `expiresAt` in the past for an expired one. */
export async function issueToken(db: Db, userId: string, opts: { expiresAt?: Date; now?: Date } = {}): Promise<string> {
  const now = opts.now ?? new Date();
  const issued = await issueApiToken(db, userId, { now, expiresAt: opts.expiresAt });
  return issued.token;
}

/** A token that was issued and then revoked. */
export async function revokedToken(db: Db, userId: string): Promise<string> {
  const now = new Date();
  const issued = await issueApiToken(db, userId, { now });
  await revokeApiToken(db, { tokenId: issued.tokenId, userId, now });
  return issued.token;
}

/** A `Cookie` header value carrying a valid next-auth session for the user (JWT, TEST_AUTH_SECRET). */
export async function sessionCookie(user: { id: string; email?: string; name?: string; role?: "shopper" | "brand" }): Promise<string> {
  const jwt = await encodeSessionToken(
    { sub: user.id, email: user.email, name: user.name, role: user.role },
    TEST_AUTH_SECRET,
  );
  return `authjs.session-token=${jwt}`;
}

/**
 * Ports over a test database. Pass a clock (e.g. `fixedClock(…)` from lib/clock) to control time,
 * or an object to override any port. When lib/deps.ts gains a port, give it a test default here.
 */
export function testDeps(database: Database, clockOrOverrides?: Clock | Partial<Deps>): Deps {
  const overrides: Partial<Deps> =
    typeof clockOrOverrides === "function" ? { clock: clockOrOverrides } : (clockOrOverrides ?? {});
  return {
    database,
    db: database.db,
    clock: systemClock,
    events: { dispatch: () => {} },
    ledger: createDatabaseLedger(database.db),
    // Generous (×1000): suites not about throttling create many accounts and tokens from one
    // address. Throttling tests pass `limiter: createDatabaseLimiter(db)` (production limits).
    limiter: createDatabaseLimiter(database.db, { scale: 1000 }),
    ...overrides,
  };
}
