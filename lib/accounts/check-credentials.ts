// Email + password → the account, or 401 `invalid_credentials`. An unknown email costs the same
// argon2 verification as a wrong password (against a dummy hash with the same parameters), so
// neither the answer nor its timing tells whether an account exists.
import "server-only";
import { eq } from "drizzle-orm";
import { DomainError } from "../errors";
import { limitFailures } from "../ratelimit/guard";
import { LIMITS } from "../ratelimit/limits";
import type { RateHit, RateLimiter } from "../ratelimit/types";
import type { DbOrTx } from "../db";
import { users } from "../db/schema";
import { loadAccount } from "./load-account";
import type { TokenInput } from "./schemas";
import { toPublicUser, type Account, type PasswordHasher, type PublicUser } from "./types";

/**
 * An argon2id hash of a random string with lib/auth/password.ts's parameters (m=19456, t=2, p=1);
 * check-credentials.test.ts fails if those parameters change without this hash.
 */
export const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$ueUSAkU/jyudOPsI2Eov3g$H39pOIcrLKv0Tm2Pj4gppiYH8/nENFoCg5UMoK35dhY";

const invalid = () => new DomainError("invalid_credentials", "The email or password is incorrect.");

export async function checkCredentials(
  db: DbOrTx,
  input: TokenInput,
  ports: { passwords: PasswordHasher },
): Promise<{ account: Account; user: PublicUser }> {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, input.email));
  const ok = await ports.passwords.verify(row?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password);
  if (!row?.passwordHash || !ok) throw invalid();
  const account = await loadAccount(db, row.id);
  if (!account) throw invalid(); // deleted in between
  return { account, user: toPublicUser(account) };
}

/** The failed-sign-in counters of an attempt: per email and per client IP (lib/ratelimit/limits.ts). */
export function signInCounters(email: string, ip: string): RateHit[] {
  return [
    { rule: LIMITS.signInPerEmail, key: email.trim().toLowerCase() },
    { rule: LIMITS.signInPerIp, key: ip },
  ];
}

/**
 * checkCredentials behind the sign-in limits — the one way in for the sign-in page (auth.ts) and
 * POST /api/v1/auth/token. 429 `rate_limited` (with retryAfter) once the email or the IP has its
 * limit of failures in the window; each attempt is counted before the argon2 check (parallel
 * guesses cannot overshoot) and given back when it succeeds, so only failures stay counted.
 */
export async function checkCredentialsLimited(
  db: DbOrTx,
  input: TokenInput,
  { limiter, ip, passwords }: { limiter: RateLimiter; ip: string; passwords: PasswordHasher },
): Promise<{ account: Account; user: PublicUser }> {
  return limitFailures(limiter, { hits: signInCounters(input.email, ip), attempt: () => checkCredentials(db, input, { passwords }) });
}
