// Loads a caller's account (user + administered brands) by user id or by API token hash, each in
// one round trip: this runs on every authenticated API request.
import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { apiTokens, brandMembers, brands, users } from "../db/schema";
import type { Account, UserRole } from "./types";

const accountColumns = {
  id: users.id,
  seq: users.seq,
  email: users.email,
  name: users.name,
  role: users.role,
  emailVerified: users.emailVerified,
  sessionVersion: users.sessionVersion,
  brandId: brands.id,
  brandName: brands.name,
};

type AccountRow = {
  id: string;
  seq: number;
  email: string;
  name: string;
  role: UserRole;
  emailVerified: Date | null;
  sessionVersion: number;
  brandId: string | null;
  brandName: string | null;
};

function toAccount(rows: AccountRow[]): Account | null {
  const first = rows[0];
  if (!first) return null;
  const brandList = rows.flatMap((r) => (r.brandId && r.brandName !== null ? [{ id: r.brandId, name: r.brandName }] : []));
  return {
    user: { id: first.id, seq: first.seq, email: first.email, name: first.name, role: first.role, emailVerified: first.emailVerified !== null },
    brands: brandList,
    sessionVersion: first.sessionVersion,
  };
}

export async function loadAccount(db: DbOrTx, userId: string): Promise<Account | null> {
  const rows = await db
    .select(accountColumns)
    .from(users)
    .leftJoin(brandMembers, eq(brandMembers.userId, users.id))
    .leftJoin(brands, eq(brands.id, brandMembers.brandId))
    .where(eq(users.id, userId))
    .orderBy(asc(brandMembers.createdAt));
  return toAccount(rows);
}

export interface TokenRecord {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The token stored under this hash and its owner's account, whatever the token's state. */
export async function loadTokenOwner(
  db: DbOrTx,
  tokenHash: string,
): Promise<{ token: TokenRecord; account: Account } | null> {
  const rows = await db
    .select({
      ...accountColumns,
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(brandMembers, eq(brandMembers.userId, users.id))
    .leftJoin(brands, eq(brands.id, brandMembers.brandId))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .orderBy(asc(brandMembers.createdAt));
  const first = rows[0];
  const account = toAccount(rows);
  if (!first || !account) return null;
  return {
    token: { id: first.tokenId, expiresAt: first.expiresAt, revokedAt: first.revokedAt, lastUsedAt: first.lastUsedAt },
    account,
  };
}
