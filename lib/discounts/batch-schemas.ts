// The zod schemas of bulk unique codes (API.md part 2, "Bulk unique codes"): they validate
// POST /api/v1/discountcode/batch, type lib/discounts/batches.ts and generate the OpenAPI document.
import { z } from "zod";
import { safeText } from "../http/text";
import { MAX_AMOUNT } from "./pricing";
import { ruleInputSchema, ruleSchema } from "./schemas";

/** Most codes one batch may ask for. */
export const MAX_BATCH_COUNT = 100_000;

const instantInput = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" })
  .transform((s) => new Date(s));

/** 2–12 of A–Z 0–9, any case, surrounding spaces allowed; trimmed and upper-cased. */
export const batchPrefixSchema = z
  .string()
  .regex(/^\s*[A-Za-z0-9]{2,12}\s*$/, "must be 2–12 characters of A–Z and 0–9")
  .transform((s) => s.trim().toUpperCase())
  .meta({ description: "2–12 of A–Z 0–9, upper-cased; every code is `PREFIX-XXXXXXXX`.", example: "XMAS26" });

export const createBatchBodySchema = z
  .object({
    prefix: batchPrefixSchema,
    count: z.int().min(1).max(MAX_BATCH_COUNT).meta({ description: "How many unique codes to generate, 1–100,000." }),
    discount: z.int().min(1).max(100).optional().meta({ description: "Percentage off every product of the brand (1–100). Give this, `ruleId` or `rule`." }),
    ruleId: z.int().min(1).max(2_147_483_647).optional().meta({ description: "An existing rule of the brand." }),
    rule: ruleInputSchema.optional().meta({ description: "An inline rule (found or created)." }),
    validUntil: instantInput.meta({ description: "End of validity of every code (exclusive); must be in the future." }),
    validFrom: instantInput.optional().meta({ description: "Start of validity (inclusive); default now." }),
    maxRedemptions: z
      .int()
      .min(1)
      .max(MAX_AMOUNT)
      .nullable()
      .default(1)
      .meta({ description: "Total uses of each code across all users; default 1 (single-use codes); null = unlimited." }),
  })
  .meta({ id: "CreateBatchRequest" });
export type CreateBatchBody = z.output<typeof createBatchBodySchema>;

export const listBatchesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1–100." }),
  cursor: safeText().min(1).max(200).optional().meta({ description: "`nextCursor` of the previous page." }),
});
export type ListBatchesQuery = z.output<typeof listBatchesQuerySchema>;

const instant = z.string().meta({ format: "date-time", example: "2026-12-01T00:00:00.000Z" });

export const batchStatusSchema = z.enum(["running", "done", "failed"]);

export const batchSchema = z
  .object({
    id: z.string().meta({ description: "`bat_…`" }),
    status: batchStatusSchema,
    created: z.int().meta({ description: "Codes generated so far (the progress)." }),
    total: z.int().meta({ description: "Codes asked for." }),
    prefix: z.string(),
    ruleId: z.int(),
    rule: ruleSchema,
    validFrom: instant,
    validUntil: instant,
    maxRedemptions: z.int().nullable().meta({ description: "Uses of each code; null = unlimited." }),
    createdAt: instant,
    finishedAt: instant.nullable(),
    error: z.string().nullable().meta({ description: "Why a failed batch failed (redacted)." }),
  })
  .meta({ id: "CodeBatch" });
export const batchListSchema = z.object({ data: z.array(batchSchema), nextCursor: z.string().nullable() }).meta({ id: "CodeBatchList" });

export type BatchView = z.input<typeof batchSchema>;
export type BatchList = z.input<typeof batchListSchema>;
