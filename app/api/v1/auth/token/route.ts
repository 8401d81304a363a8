// /api/v1/auth/token — POST issues an API token for email + password, GET introspects the bearer
// token (seed 000's "endpoint for validating tokens"), DELETE revokes it.
import { defaultTokenName, introspectToken, issueApiToken, revokeApiToken, toPublicUser, tokenBodySchema } from "@/lib/accounts";
import { checkCredentialsLimited } from "@/lib/accounts/check-credentials";
import { assertMayIssueToken } from "@/lib/accounts/issue-token";
import { argon2Passwords } from "@/lib/auth/password";
import { DomainError, isDomainError } from "@/lib/errors";
import { bearerToken, json, problem, withPublic, withUser } from "@/lib/http";
import { clientIp } from "@/lib/ratelimit";
import { otherMethods } from "@/lib/http/methods";

// The token is listed in the dashboard under `name`, or, without one, under the client that signed
// in ("Sign-in from Firefox on macOS"). Throttled (lib/ratelimit/limits.ts): failed attempts per
// email and per client IP, then tokens issued per user — 429 `rate_limited` with Retry-After.
export const POST = withPublic({ body: tokenBodySchema }, async ({ req, body, deps }) => {
  const { account, user } = await checkCredentialsLimited(deps.db, body, { limiter: deps.limiter, ip: clientIp(req.headers), passwords: argon2Passwords });
  await assertMayIssueToken(deps.limiter, account.user.id);
  const name = body.name ?? defaultTokenName(req.headers.get("user-agent"));
  const issued = await issueApiToken(deps.db, account.user.id, { now: deps.clock(), name });
  return json({ token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt.toISOString(), user }, 201);
});

// Introspection answers about the presented bearer token only (a session cookie is not a token):
// 200 { active: true, … } or 401 { active: false, …problem }.
export const GET = withPublic({}, async ({ req, deps, requestId }) => {
  const token = bearerToken(req);
  try {
    if (token === undefined) throw new DomainError("unauthorized", "Send the token to check as `Authorization: Bearer <token>`.");
    if (token === null) throw new DomainError("invalid_token", "The Authorization header must be `Bearer <token>`.");
    const live = await introspectToken(deps.db, { token, now: deps.clock() });
    return json({ active: true, expiresAt: live.expiresAt.toISOString(), user: toPublicUser(live.account) });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return problem(new DomainError(e.code, e.message, { extra: { active: false } }), requestId);
  }
});

export const DELETE = withUser({}, async ({ caller, deps }) => {
  if (caller.via !== "token" || !caller.tokenId) {
    throw new DomainError("unauthorized", "Send the token to revoke as `Authorization: Bearer <token>`.");
  }
  await revokeApiToken(deps.db, { tokenId: caller.tokenId, userId: caller.user.id, now: deps.clock() });
  return new Response(null, { status: 204 });
});

export const { PUT, PATCH, OPTIONS } = otherMethods({ GET, POST, DELETE });
