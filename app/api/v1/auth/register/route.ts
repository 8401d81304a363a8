// POST /api/v1/auth/register — create a shopper or brand account (a brand account creates its brand).
import { registerAccount, registerBodySchema } from "@/lib/accounts";
import { argon2Passwords } from "@/lib/auth/password";
import { json, withPublic } from "@/lib/http";

export const POST = withPublic({ body: registerBodySchema }, async ({ body, deps }) => {
  const user = await registerAccount(deps.db, body, { passwords: argon2Passwords });
  return json({ user }, 201);
});
