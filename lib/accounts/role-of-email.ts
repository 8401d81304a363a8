// The role of the account with this email (already lower-cased by emailSchema), or null: where the
// sign-in form sends someone who signed in without a destination.
import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db";
import { users } from "../db/schema";
import type { UserRole } from "./types";

export async function roleOfEmail(db: DbOrTx, email: string): Promise<UserRole | null> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.email, email));
  return row?.role ?? null;
}
