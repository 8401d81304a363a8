// Sign-up, the one way to create an account (POST /api/v1/auth/register and the sign-up page).
// A brand account creates its brand too, with the new user as its admin, in one transaction.
// The same transaction writes the verification link and its outbox row
// `account/verification.requested` (verify-email.ts): the email goes out after the commit.
import "server-only";
import { eq } from "drizzle-orm";
import type { Clock } from "../clock";
import { DomainError } from "../errors";
import type { Db, Tx } from "../db";
import type { EventDispatcher } from "../events/types";
import { brandMembers, brands, users } from "../db/schema";
import { newId } from "../ids";
import type { RegisterInput } from "./schemas";
import { slugCandidate, slugify } from "./slug";
import type { PasswordHasher, PublicUser } from "./types";
import { requestVerification } from "./verify-email";

const MAX_SLUG_ATTEMPTS = 50;

/** Inserts the brand under the first free slug (`acme`, `acme-2`, …) without aborting the transaction. */
async function insertBrand(tx: Tx, name: string): Promise<{ id: string; name: string }> {
  const base = slugify(name);
  for (let attempt = 0; attempt < MAX_SLUG_ATTEMPTS; attempt++) {
    const id = newId("brand");
    const inserted = await tx
      .insert(brands)
      .values({ id, name, slug: slugCandidate(base, attempt) })
      .onConflictDoNothing({ target: brands.slug })
      .returning({ id: brands.id });
    if (inserted.length) return { id, name };
  }
  // Fifty brands of one name: fall back to a random, certainly free suffix.
  const id = newId("brand");
  await tx.insert(brands).values({ id, name, slug: `${base}-${id.slice(-8).toLowerCase()}` });
  return { id, name };
}

export interface RegisterPorts {
  passwords: PasswordHasher;
  /** Publishes the verification email's outbox row after the commit (the outbox keeps it anyway). */
  events?: EventDispatcher;
  clock?: Clock;
  /** AUTH_SECRET: the verification token is derived with it (verify-email.ts). Required unless `verified`. */
  linkSecret?: string;
}

export async function registerAccount(
  db: Db,
  input: RegisterInput,
  /** `verified`: trusted callers only (test fixtures, scripts) — the account starts verified, no email. */
  { verified, ...ports }: RegisterPorts & { verified?: boolean },
): Promise<PublicUser> {
  // A taken email answers before any argon2 work (else every try is a free CPU burn); the
  // ON CONFLICT insert below stays the race-safe check.
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (taken) {
    throw new DomainError("email_taken", "An account with this email already exists.", {
      errors: [{ path: "email", message: "An account with this email already exists." }],
    });
  }
  const passwordHash = await ports.passwords.hash(input.password);
  const now = ports.clock?.() ?? new Date();
  const linkSecret = ports.linkSecret;
  if (!verified && !linkSecret) throw new Error("registerAccount needs linkSecret to send the verification link");
  const { user, outboxId } = await db.transaction(async (tx) => {
    const id = newId("user");
    // ON CONFLICT keeps a concurrent sign-up with the same email from aborting into a 500.
    const created = await tx
      .insert(users)
      .values({ id, email: input.email, name: input.name, role: input.role, passwordHash, emailVerified: verified ? now : null })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!created.length) {
      throw new DomainError("email_taken", "An account with this email already exists.", {
        errors: [{ path: "email", message: "An account with this email already exists." }],
      });
    }
    const user: PublicUser = { id, email: input.email, name: input.name, role: input.role, emailVerified: verified === true };
    if (input.role === "brand") {
      const brand = await insertBrand(tx, input.brandName!);
      await tx.insert(brandMembers).values({ brandId: brand.id, userId: id, role: "admin" });
      user.brand = brand;
    }
    const outboxId = verified
      ? null
      : (await requestVerification(tx, { userId: id, email: input.email, now, secret: linkSecret! })).outboxId;
    return { user, outboxId };
  });
  if (outboxId !== null) ports.events?.dispatch([outboxId]);
  return user;
}
