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

export const createCodeBodySchema = z
  .object({
    code: codeInputSchema,
    discount: z.int().min(1).max(100).optional().meta({ description: "Percentage off every product of the brand (1–100). Give this or `ruleId`." }),
    ruleId: z.int().min(1).max(2_147_483_647).optional().meta({ description: "An existing rule of the brand, instead of `discount`." }),
    validUntil: instantInput.meta({ description: "End of validity (exclusive); must be in the future." }),
    validFrom: instantInput.optional().meta({ description: "Start of validity (inclusive); default now." }),
    brandId: id.optional().meta({ description: "The caller's own brand; default the caller's brand." }),
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
  })
  .meta({ id: "RedeemRequest" });
export type RedeemBody = z.output<typeof redeemBodySchema>;

export const listCodesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: safeText().min(1).max(200).optional().meta({ description: "`nextCursor` of the previous page." }),
});
export type ListCodesQuery = z.output<typeof listCodesQuerySchema>;

// ---- responses -------------------------------------------------------------------------------

const instant = z.string().meta({ format: "date-time", example: "2026-05-31T00:00:00.000Z" });
const brandRef = z.object({ id: z.string(), name: z.string() });
const codeStatusSchema = z.enum(["active", "expired", "scheduled"]);

export const createdCodeSchema = z
  .object({
    id: z.string().meta({ description: "Lower-case hex SHA-256 of the code." }),
    code: z.string(),
    discount: z.int(),
    ruleId: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    createdAt: instant,
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
    discount: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    status: codeStatusSchema,
    usedByMe: z.boolean(),
  })
  .meta({ id: "Code" });

export const listedCodeSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    discount: z.int(),
    ruleId: z.int(),
    brand: brandRef,
    validFrom: instant,
    validUntil: instant,
    status: codeStatusSchema,
    createdAt: instant,
    redemptions: z.int().meta({ description: "How many times the code has been used." }),
  })
  .meta({ id: "ListedCode" });

export const codeListSchema = z
  .object({ data: z.array(listedCodeSchema), nextCursor: z.string().nullable() })
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

export const redemptionSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    userId: z.string(),
    usedAt: instant,
    discount: z.int(),
    pricing: pricingSchema.optional(),
  })
  .meta({ id: "Redemption" });

export type CreatedCode = z.input<typeof createdCodeSchema>;
export type CodeView = z.input<typeof codeSchema>;
export type ListedCode = z.input<typeof listedCodeSchema>;
export type CodeList = z.input<typeof codeListSchema>;
export type Redemption = z.input<typeof redemptionSchema>;
