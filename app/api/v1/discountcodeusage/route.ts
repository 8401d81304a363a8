// POST /api/v1/discountcodeusage — redeem a code for oneself, exactly once (Idempotency-Key aware:
// the key's answer is written in the same statement as the usage record).
import { listUsages, listUsagesQuerySchema, redeemBodySchema, redeemCode } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { idempotent } from "@/lib/http/idempotency";
import { clientIp } from "@/lib/ratelimit";
import { withRetryAfter } from "../discountcode/retry-after";
import { otherMethods } from "@/lib/http/methods";

export const POST = withUser({ body: redeemBodySchema }, async ({ req, body, caller, deps, requestId }) =>
  withRetryAfter(requestId, () =>
    idempotent({ db: deps.db, req, userId: caller.user.id, fingerprint: body, now: deps.clock() }, async (slot) =>
      json(await redeemCode(deps, { actor: { ...caller, ip: clientIp(req.headers) }, input: body, idempotency: slot }), 201),
    ),
  ),
);

// GET — the caller's own usages; a brand admin with ?code= gets that code's usages.
export const GET = withUser({ query: listUsagesQuerySchema }, async ({ query, caller, deps }) => json(await listUsages(deps, { actor: caller, query })));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
