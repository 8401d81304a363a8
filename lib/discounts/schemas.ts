// The zod schemas of the discount API: they validate requests, type the domain functions and
// generate the OpenAPI document (lib/openapi). Names say what they validate (STYLE.md).
import { z } from "zod";
import { safeText } from "../http/text";
import { normalizeCode } from "./code";
import { MAX_AMOUNT, MAX_CART_LINES, MAX_QUANTITY } from "./pricing";

const id = safeText().min(1).max(64);

/** A code as typed by a person: any case, surrounding spaces allowed; normalised on the way in. */
export const codeInputSchema = z
  .string()
  .regex(/^\s*[A-Za-z0-9_-]{3,32}\s*$/, "must be 3–32 characters of A–Z, 0–9, - and _")
  .transform(normalizeCode)
  .meta({ description: "The code, 3–32 of A–Z 0–9 - _; trimmed and upper-cased.", example: "SPRINGSALE2026" });

const instantInput = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" })
  .transform((s) => new Date(s));

const currencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as EUR")
  .transform((s) => s.toUpperCase())
  .meta({ description: "ISO 4217 currency code.", example: "EUR" });

const amountSchema = z.int().min(0).max(MAX_AMOUNT).meta({ description: "Integer minor units (cents)." });

export const moneySchema = z
  .object({ amount: z.int().min(1).max(MAX_AMOUNT).meta({ description: "Integer minor units (cents), ≥ 1." }), currency: currencySchema })
  .meta({ id: "Money" });

export const eligibilityInputSchema = z
  .object({
    minPriorOrders: z.int().min(1).max(10_000).optional().meta({ description: "At least this many earlier confirmed orders with the brand's products." }),
    minPriorOrderAmount: moneySchema.optional().meta({ description: "At least one earlier confirmed order whose brand lines reached this amount." }),
  })
  .meta({ id: "EligibilityInput" });

/** A rule as a brand writes it (API.md part 2, "Rules"). */
export const ruleInputSchema = z
  .object({
    type: z.enum(["percentage", "fixed_amount"]),
    percent: z.int().min(1).max(100).optional().meta({ description: "percentage rules: 1–100 % off the brand's products." }),
    amountOff: moneySchema.optional().meta({ description: "fixed_amount rules: this much off the brand's products, never more than their subtotal." }),
    minSubtotal: moneySchema.optional().meta({ description: "The brand's lines must reach this subtotal." }),
    eligibility: eligibilityInputSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.type === "percentage") {
      if (r.percent === undefined) ctx.addIssue({ code: "custom", path: ["percent"], message: "required for a percentage rule (1–100)" });
      if (r.amountOff !== undefined) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "only for a fixed_amount rule" });
    } else {
      if (r.amountOff === undefined) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "required for a fixed_amount rule" });
      if (r.percent !== undefined) ctx.addIssue({ code: "custom", path: ["percent"], message: "only for a percentage rule" });
    }
  })
  .meta({ id: "RuleInput" });
export type RuleInput = z.output<typeof ruleInputSchema>;

export const createCodeBodySchema = z
  .object({
    code: codeInputSchema,
    discount: z.int().min(1).max(100).optional().meta({ description: "Percentage off every product of the brand (1–100). Give this or `ruleId`." }),
    ruleId: z.int().min(1).max(2_147_483_647).optional().meta({ description: "An existing rule of the brand, instead of `discount`." }),
    validUntil: instantInput.meta({ description: "End of validity (exclusive); must be in the future." }),
    validFrom: instantInput.optional().meta({ description: "Start of validity (inclusive); default now." }),
    brandId: id.optional().meta({ description: "The caller's own brand; default the caller's brand." }),
    rule: ruleInputSchema.optional().meta({ description: "An inline rule, instead of `discount` or `ruleId`." }),
    maxRedemptions: z
      .int()
      .min(1)
      .max(MAX_AMOUNT)
      .nullable()
      .optional()
      .meta({ description: "Total uses across all users (reserved and confirmed); null or absent = unlimited." }),
  })
  .meta({ id: "CreateCodeRequest" });
export type CreateCodeBody = z.output<typeof createCodeBodySchema>;

export const cartLineSchema = z
  .object({
    sku: safeText().min(1).max(100),
    brandId: id,
    unitAmount: amountSchema,
    quantity: z.int().min(1).max(MAX_QUANTITY),
    currency: currencySchema.optional().meta({ description: "When given, must equal the cart's currency." }),
  })
  .meta({ id: "CartLine" });

export const cartSchema = z
  .object({ currency: currencySchema, lines: z.array(cartLineSchema).max(MAX_CART_LINES) })
  .meta({ id: "Cart" });

export const redeemBodySchema = z
  .object({
    code: codeInputSchema,
    userId: id.meta({ description: "Must be the caller's own id." }),
    amount: amountSchema.optional().meta({ description: "A bare amount, all of it eligible. Needs `currency`." }),
    currency: currencySchema.optional(),
    cart: cartSchema.optional(),
    hold: z.boolean().optional().meta({ description: "Reserve the use until confirmed, released or expired (status `reserved`)." }),
    holdSeconds: z.int().min(60).max(3600).optional().meta({ description: "How long a hold lasts, 60–3600 s (default 900)." }),
  })
  .meta({ id: "RedeemRequest" });
export type RedeemBody = z.output<typeof redeemBodySchema>;

export const CODE_SORTS = ["created_desc", "created_asc", "ends_asc", "ends_desc", "redemptions_desc", "redemptions_asc"] as const;
export type CodeSort = (typeof CODE_SORTS)[number];
const CODE_LIST_STATUSES = ["active", "scheduled", "exhausted", "expired", "deactivated"] as const;
export type CodeListStatus = (typeof CODE_LIST_STATUSES)[number];

export const listCodesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: safeText()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: "`nextCursor` (or `prevCursor`) of the page before, with the same `sort`." }),
  q: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_-]{1,32}$/, "must be the start of a code: 1–32 characters of A–Z, 0–9, - and _")
    .optional()
    .meta({ description: "Only codes starting with this (any case). A search also finds bulk codes.", example: "SPRING" }),
  status: z.enum(CODE_LIST_STATUSES).optional().meta({ description: "Only codes in this status now." }),
  sort: z
    .enum(CODE_SORTS)
    .default("created_desc")
    .meta({ description: "Order: by creation, end of validity (`ends`) or redemptions; ties in a stable order." }),
  batchId: safeText()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: "List the codes of this bulk batch. Without it, bulk codes are left out unless `q` searches (a batch is listed at /discountcode/batch)." }),
});
export type ListCodesQuery = z.output<typeof listCodesQuerySchema>;

// ---- responses -------------------------------------------------------------------------------

const instant = z.string().meta({ format: "date-time", example: "2026-05-31T00:00:00.000Z" });
const brandRef = z.object({ id: z.string(), name: z.string() });
const codeStatusSchema = z.enum(["scheduled", "active", "expired", "exhausted", "deactivated"]);
const moneyOut = z.object({ amount: z.int(), currency: z.string() });

export const ruleSchema = z
  .object({
    id: z.int(),
    type: z.enum(["percentage", "fixed_amount"]),
    percent: z.int().nullable(),
    amountOff: moneyOut.nullable(),
    minSubtotal: moneyOut.nullable(),
    eligibility: z.object({ minPriorOrders: z.int().nullable(), minPriorOrderAmount: moneyOut.nullable() }).nullable(),
    createdAt: instant,
  })
  .meta({ id: "Rule" });
export const ruleListSchema = z.object({ data: z.array(ruleSchema), nextCursor: z.string().nullable() }).meta({ id: "RuleList" });
export const createRuleBodySchema = ruleInputSchema;
export const listRulesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: safeText().min(1).max(200).optional().meta({ description: "`nextCursor` of the previous page." }),
});

/** The fields part 2 adds to every code in an answer (always present; null where unset). */
const codeLimits = {
  rule: ruleSchema,
  maxRedemptions: z.int().nullable().meta({ description: "Total uses allowed; null = unlimited." }),
  redemptions: z.int().meta({ description: "Reserved + confirmed uses (released and reversed ones are not counted)." }),
  remaining: z.int().nullable().meta({ description: "maxRedemptions − redemptions; null when unlimited." }),
  deactivatedAt: instant.nullable(),
};

export const createdCodeSchema = z
  .object({
    id: z.string().meta({ description: "Lower-case hex SHA-256 of the code." }),
    code: z.string(),
    discount: z.int().nullable().meta({ description: "The percentage of a percentage rule; null otherwise." }),
    ruleId: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    createdAt: instant,
    status: codeStatusSchema,
    ...codeLimits,
    announced: z.boolean().meta({
      description:
        "Whether shoppers are emailed the code. false when the brand's daily announcement cap " +
        "(ANNOUNCEMENTS_PER_BRAND_PER_DAY, default 3 in any 24 h) is reached: the code is created and works, it is just not announced.",
    }),
  })
  .meta({ id: "CreatedCode" });

export const codeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    discount: z.int().nullable(),
    ruleId: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    status: codeStatusSchema,
    usedByMe: z.boolean(),
    eligible: z.boolean().meta({ description: "Whether the caller meets the rule's eligibility (true when it has none)." }),
    ...codeLimits,
  })
  .meta({ id: "Code" });

export const listedCodeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    discount: z.int().nullable(),
    ruleId: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    status: codeStatusSchema,
    createdAt: instant,
    ...codeLimits,
    batchId: z.string().nullable(),
  })
  .meta({ id: "ListedCode" });

export const codeListSchema = z
  .object({
    data: z.array(listedCodeSchema),
    nextCursor: z.string().nullable(),
    prevCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the page before this one; null on the first page." }),
  })
  .meta({ id: "CodeList" });

export const pricingSchema = z
  .object({
    currency: z.string(),
    subtotal: z.int(),
    eligibleSubtotal: z.int(),
    discountAmount: z.int(),
    total: z.int(),
  })
  .meta({ id: "Pricing" });

export const usageStatusSchema = z.enum(["reserved", "confirmed", "released", "reversed"]);

export const redemptionSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    userId: z.string(),
    usedAt: instant,
    discount: z.int().nullable(),
    pricing: pricingSchema.optional(),
    codeId: z.string(),
    status: usageStatusSchema,
    expiresAt: instant.nullable().meta({ description: "When a reserved use is released unless confirmed; null otherwise." }),
    orderId: z.string().nullable(),
    confirmedAt: instant.nullable(),
    endedAt: instant.nullable().meta({ description: "When it was released or reversed." }),
  })
  .meta({ id: "Redemption" });
export const usageListSchema = z.object({ data: z.array(redemptionSchema), nextCursor: z.string().nullable() }).meta({ id: "UsageList" });
export const listUsagesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: safeText().min(1).max(200).optional().meta({ description: "`nextCursor` of the previous page." }),
  code: safeText().min(1).max(100).optional().meta({ description: "Brand admins: a code (or its id) of their brand, to list its usages." }),
});
export type ListUsagesQuery = z.output<typeof listUsagesQuerySchema>;
export const confirmUsageBodySchema = z.object({ orderId: safeText().min(1).max(100).optional() }).meta({ id: "ConfirmUsageRequest" });
export const reverseUsageBodySchema = z.object({ reason: safeText().min(1).max(500).optional() }).meta({ id: "ReverseUsageRequest" });
export const emptyBodySchema = z.object({}).meta({ id: "EmptyRequest" });

export type CreatedCode = z.input<typeof createdCodeSchema>;
export type CodeView = z.input<typeof codeSchema>;
export type ListedCode = z.input<typeof listedCodeSchema>;
export type CodeList = z.input<typeof codeListSchema>;
export type Redemption = z.input<typeof redemptionSchema>;
export type RuleView = z.input<typeof ruleSchema>;
export type UsageList = z.input<typeof usageListSchema>;

// ---- orders (API.md part 2) ---------------------------------------------------------------------

export const placeOrderBodySchema = z
  .object({
    userId: safeText().min(1).max(64).meta({ description: "Must be the caller's own id." }),
    cart: cartSchema,
    usageId: safeText().min(1).max(64).optional().meta({ description: "The caller's reserved (or confirmed) usage to confirm with this order." }),
  })
  .meta({ id: "PlaceOrderRequest" });
export type PlaceOrderBody = z.output<typeof placeOrderBodySchema>;

const orderLineSchema = z.object({ sku: z.string(), brandId: z.string(), unitAmount: z.int(), quantity: z.int() });
export const orderSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    placedAt: z.string().meta({ format: "date-time" }),
    currency: z.string(),
    subtotal: z.int(),
    discountAmount: z.int(),
    total: z.int(),
    usageId: z.string().nullable(),
    lines: z.array(orderLineSchema),
  })
  .meta({ id: "Order" });
export const orderListSchema = z.object({ data: z.array(orderSchema), nextCursor: z.string().nullable() }).meta({ id: "OrderList" });
export const listOrdersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: safeText().min(1).max(200).optional(),
});
export type OrderView = z.input<typeof orderSchema>;
