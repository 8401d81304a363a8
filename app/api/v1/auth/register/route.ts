// POST /api/v1/auth/register — create a shopper or brand account (a brand account creates its brand).
// The new account is not verified yet: a verification link is emailed (lib/accounts/verify-email.ts).
import { registerAccount, registerBodySchema } from "@/lib/accounts";
import { argon2Passwords } from "@/lib/auth/password";
import { json, withPublic } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";
import { clientIp, consumeOrThrow, LIMITS } from "@/lib/ratelimit";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";

export const POST = withPublic({ body: registerBodySchema }, async ({ req, body, deps }) => {
  // Sign-ups per client IP (lib/ratelimit/limits.ts): 429 `rate_limited` with Retry-After.
  await consumeOrThrow(deps.limiter, [{ rule: LIMITS.registerPerIp, key: clientIp(req.headers) }]);
  const user = await registerAccount(deps.db, body, {
    passwords: argon2Passwords,
    events: deps.events,
    clock: deps.clock,
    linkSecret: appUnsubscribeSecret(),
  });
  return json({ user }, 201);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
