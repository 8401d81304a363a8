// POST /api/v1/auth/verify-email { token } — proves the address the link was sent to → 200 { user }.
// Verifying twice → 200. An unknown, expired or used token → 400 `invalid_token` (API.md): the same
// code as a bad bearer token, but a bad *body*, so 400 here rather than 401 with WWW-Authenticate.
import { verifyEmail, verifyEmailBodySchema } from "@/lib/accounts";
import { isDomainError } from "@/lib/errors";
import { json, problemType, withPublic } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withPublic({ body: verifyEmailBodySchema }, async ({ body, deps }) => {
  try {
    return json({ user: await verifyEmail(deps.db, { token: body.token, now: deps.clock() }) });
  } catch (e) {
    if (!isDomainError(e) || e.code !== "invalid_token") throw e;
    return new Response(
      JSON.stringify({ type: problemType("invalid_token"), title: "Invalid or expired token", status: 400, detail: e.message, code: "invalid_token" }),
      { status: 400, headers: { "content-type": "application/problem+json" } },
    );
  }
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
