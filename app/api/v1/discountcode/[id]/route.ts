// GET /api/v1/discountcode/{id} — a code by its id (hash) or the code itself, for any signed-in user.
import { getCode } from "@/lib/discounts";
import { json, withUser } from "@/lib/http";
import { withRetryAfter } from "../retry-after";
import { otherMethods } from "@/lib/http/methods";
import { clientIp } from "@/lib/ratelimit";

export const GET = withUser({}, async ({ req, params, caller, deps, requestId }) =>
  withRetryAfter(requestId, async () => json(await getCode(deps, { actor: { ...caller, ip: clientIp(req.headers) }, ref: params.id ?? "" }))),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
