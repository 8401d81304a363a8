// POST /api/v1/auth/verify-email/resend (signed in) — emails a new verification link: 200
// { sent: true, expiresAt }, or 200 { sent: false } when the address is verified already. At most
// one link a minute per user → 429 `rate_limited` with Retry-After.
import { resendVerification } from "@/lib/accounts";
import { isDomainError } from "@/lib/errors";
import { json, problem, withUser } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";
import { appUnsubscribeSecret } from "@/lib/mail/unsubscribe-secret";

export const POST = withUser({}, async ({ caller, deps, requestId }) => {
  try {
    const r = await resendVerification(deps.db, { userId: caller.user.id, now: deps.clock(), secret: appUnsubscribeSecret() });
    if (!r.sent) return json({ sent: false });
    deps.events.dispatch([r.outboxId]);
    return json({ sent: true, expiresAt: r.expiresAt.toISOString() });
  } catch (e) {
    if (!isDomainError(e) || e.code !== "rate_limited") throw e;
    const res = problem(e, requestId);
    res.headers.set("retry-after", String(e.extra?.retryAfter ?? 60));
    return res;
  }
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
