// POST /api/v1/auth/password and the /account form: a signed-in user changes their password. The
// current password is checked first (a stolen session alone cannot take over the account), the
// new one is stored as argon2id, and every session issued before is revoked in the same statement.
// API tokens stay valid: they are managed (and revoked) on their own.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { DomainError } from "../errors";
import type { DbOrTx } from "../db";
import { users } from "../db/schema";
import { PASSWORD_MAX, passwordSchema } from "./schemas";
import type { PasswordHasher } from "./types";
import { accountChanged } from "./token-cache";

export const changePasswordBodySchema = z
  .object({
    currentPassword: z.string().min(1, { message: "Enter your current password." }).max(PASSWORD_MAX),
    newPassword: passwordSchema,
  })
  .meta({ id: "ChangePasswordBody" });
export type ChangePasswordInput = z.output<typeof changePasswordBodySchema>;

const wrongPassword = () =>
  new DomainError("validation_failed", "The current password is incorrect.", {
    errors: [{ path: "currentPassword", message: "The current password is incorrect." }],
  });

/** Changes the password and revokes the user's sessions; returns the new session version. */
export async function changePassword(
  db: DbOrTx,
  args: { userId: string } & ChangePasswordInput,
  ports: { passwords: PasswordHasher },
): Promise<{ sessionVersion: number }> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, args.userId));
  if (!row) throw new DomainError("unauthorized");
  if (!row.passwordHash || !(await ports.passwords.verify(row.passwordHash, args.currentPassword))) throw wrongPassword();
  const passwordHash = await ports.passwords.hash(args.newPassword);
  const [updated] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    // Only over the hash just verified: a concurrent change wins, this one must try again.
    .where(and(eq(users.id, args.userId), eq(users.passwordHash, row.passwordHash)))
    .returning({ v: users.sessionVersion });
  if (!updated) throw wrongPassword();
  await accountChanged(db, args.userId);
  return { sessionVersion: updated.v };
}
