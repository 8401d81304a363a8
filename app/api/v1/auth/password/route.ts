// POST /api/v1/auth/password — the signed-in user changes their password (session or token);
// every session issued before, this one included, is revoked. 204.
import { changePassword, changePasswordBodySchema } from "@/lib/accounts";
import { argon2Passwords } from "@/lib/auth/password";
import { withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: changePasswordBodySchema }, async ({ body, caller, deps }) => {
  await changePassword(deps.db, { userId: caller.user.id, ...body }, { passwords: argon2Passwords });
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
