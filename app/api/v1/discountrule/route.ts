// POST /api/v1/discountrule — a brand creates a rule; GET — the brand's rules.
import { createRule, createRuleBodySchema, listRules, listRulesQuerySchema } from "@/lib/discounts";
import { json, withBrand } from "@/lib/http";
import { otherMethods } from "@/lib/http/methods";

export const POST = withBrand({ body: createRuleBodySchema }, async ({ body, brand, deps }) => json(await createRule(deps.db, { brandId: brand.id, input: body, now: deps.clock() }), 201));

export const GET = withBrand({ query: listRulesQuerySchema }, async ({ query, brand, deps }) => json(await listRules(deps.db, { brandId: brand.id, query })));

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
