// The accounts domain's shapes: a user as the API shows it, and as a request's caller sees it.
export type UserRole = "shopper" | "brand";

export interface BrandRef {
  id: string;
  name: string;
}

/** A user as API.md shows it: `{ id, email, name, role, emailVerified, brand? }`. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** The address was proven by a verification link (API.md "Email verification"). */
  emailVerified: boolean;
  brand?: BrandRef;
}

/** Everything a request needs to know about its caller, loaded in one query. */
export interface Account {
  user: { id: string; seq: number; email: string; name: string; role: UserRole; emailVerified: boolean };
  /** The brands this user administers (a brand user has exactly one today). */
  brands: BrandRef[];
  /** users.session_version: sessions issued at an older version are revoked (sign-out, password change). */
  sessionVersion: number;
}

/** Password hashing is a port: argon2id in production (lib/auth/password.ts), fakes in unit tests. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export function toPublicUser(account: Account): PublicUser {
  const { id, email, name, role, emailVerified } = account.user;
  const brand = account.brands[0];
  return brand
    ? { id, email, name, role, emailVerified, brand: { id: brand.id, name: brand.name } }
    : { id, email, name, role, emailVerified };
}
