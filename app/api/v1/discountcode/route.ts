// POST /api/v1/discountcode — create a code (brands); GET — the caller brand's codes (q, status, sort, cursor).
import { createCode, createCodeBodySchema, listCodes, listCodesQuerySchema } from "@/lib/discounts";
import { assertMayCreateCode } from "@/lib/discounts/rate-limit";
import { env } from "@/lib/env";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withBrand({ body: createCodeBodySchema }, async ({ body, caller, brand, deps }) => {
  await assertMayCreateCode(deps.limiter, brand.id); // codes per brand (lib/ratelimit/limits.ts): 429
  return json(await createCode(deps, { actor: caller, input: body, announcementsPerDay: env.ANNOUNCEMENTS_PER_BRAND_PER_DAY }), 201);
});

export const GET = withBrand({ query: listCodesQuerySchema }, async ({ query, brand, deps }) =>
  json(await listCodes(deps.db, { brandId: brand.id, query, now: deps.clock() })),
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
