import { relations, sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { instant } from "./columns";
import { users } from "./users";

// A rule is what a code gives and to whom (API.md part 2): "N % off" or "X off" the brand's
// products, an optional minimum on the brand's subtotal, and optional eligibility by the shopper's
// earlier confirmed orders of the brand. One rule can serve many codes (campaigns). Money columns
// are integer minor units, each with its ISO 4217 currency.
export const discountRules = pgTable(
  "discount_rules",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["percentage", "fixed_amount"] }).notNull().default("percentage"),
    /** percentage rules only. */
    percent: integer("percent"),
    /** fixed_amount rules only. */
    amountOff: integer("amount_off"),
    amountOffCurrency: text("amount_off_currency"),
    minSubtotal: integer("min_subtotal"),
    minSubtotalCurrency: text("min_subtotal_currency"),
    minPriorOrders: integer("min_prior_orders"),
    minPriorOrderAmount: integer("min_prior_order_amount"),
    minPriorOrderCurrency: text("min_prior_order_currency"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "discount_rules_shape_check",
      sql`(${t.type} = 'percentage' and ${t.percent} between 1 and 100 and ${t.amountOff} is null)
        or (${t.type} = 'fixed_amount' and ${t.percent} is null and ${t.amountOff} >= 1 and ${t.amountOffCurrency} is not null)`,
    ),
    check("discount_rules_min_subtotal_check", sql`${t.minSubtotal} is null or (${t.minSubtotal} >= 1 and ${t.minSubtotalCurrency} is not null)`),
    check("discount_rules_min_prior_orders_check", sql`${t.minPriorOrders} is null or ${t.minPriorOrders} >= 1`),
    check(
      "discount_rules_min_prior_amount_check",
      sql`${t.minPriorOrderAmount} is null or (${t.minPriorOrderAmount} >= 1 and ${t.minPriorOrderCurrency} is not null)`,
    ),
    index("discount_rules_brand_idx").on(t.brandId, t.id),
  ],
);

export const discountCodes = pgTable(
  "discount_codes",
  {
    /** Lower-case hex SHA-256 of `code` (API.md): addresses a code without putting it in a URL. */
    id: text("id").primaryKey(),
    /** Normalised: trimmed, upper-cased, 3–32 of A–Z 0–9 - _. */
    code: text("code").notNull(),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => discountRules.id, { onDelete: "restrict" }),
    // Denormalised from the rule: every tenant query ("this brand's codes") filters on it.
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    validFrom: instant("valid_from").notNull().defaultNow(),
    validUntil: instant("valid_until").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: instant("created_at").notNull().defaultNow(),
    /** Total uses across all users (reserved + confirmed); null = unlimited. */
    maxRedemptions: integer("max_redemptions"),
    /**
     * The database ledger's use counter for capped codes: incremented with the claim only while
     * below max_redemptions, decremented when a claim is given back (lib/ledger/database.ts).
     * Unused by the Upstash ledger (its counter lives in Redis) and for uncapped codes.
     */
    uses: integer("uses").notNull().default(0),
    /** Ended early by the brand (POST …/deactivate): redemptions refused from then on. */
    deactivatedAt: instant("deactivated_at"),
    /** The bulk batch that generated this code, if any (never announced). */
    batchId: text("batch_id"),
  },
  (t) => [
    uniqueIndex("discount_codes_code_key").on(t.code),
    check("discount_codes_window_check", sql`${t.validUntil} > ${t.validFrom}`),
    check("discount_codes_max_redemptions_check", sql`${t.maxRedemptions} is null or ${t.maxRedemptions} >= 1`),
    // A batch's codes, for its CSV export.
    index("discount_codes_batch_idx").on(t.batchId, t.code).where(sql`${t.batchId} is not null`),
    // The codes list (dashboard, GET /discountcode; lib/discounts/list-codes.ts) pages a brand's
    // codes by keyset on (sort key, id), ties broken by id in the sort's own direction, so one
    // ascending index serves both directions of each sort. Bulk codes are listed per batch (or
    // found by a search), so these leave them out.
    index("discount_codes_brand_created_idx")
      .on(t.brandId, t.createdAt, t.id)
      .where(sql`${t.batchId} is null`),
    index("discount_codes_brand_ends_idx")
      .on(t.brandId, t.validUntil, t.id)
      .where(sql`${t.batchId} is null`),
    // Search by code prefix over all the brand's codes, bulk ones included: a range
    // (code ~>=~ 'SPR' and code ~<~ 'SPS') that text_pattern_ops serves whatever the collation.
    index("discount_codes_brand_code_prefix_idx").on(t.brandId, t.code.op("text_pattern_ops")),
    // A batch's codes by cursor, for GET /discountcode?batchId=.
    index("discount_codes_batch_created_idx")
      .on(t.batchId, t.createdAt, t.id)
      .where(sql`${t.batchId} is not null`),
  ],
);

// A bulk batch of unique codes (POST /api/v1/discountcode/batch): generated in the background
// in chunks by a job; `created` is its progress.
export const codeBatches = pgTable(
  "code_batches",
  {
    id: text("id").primaryKey(),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    ruleId: integer("rule_id")
      .notNull()
      .references(() => discountRules.id, { onDelete: "restrict" }),
    prefix: text("prefix").notNull(),
    total: integer("total").notNull(),
    created: integer("created").notNull().default(0),
    status: text("status", { enum: ["running", "done", "failed"] }).notNull().default("running"),
    validFrom: instant("valid_from").notNull(),
    validUntil: instant("valid_until").notNull(),
    maxRedemptions: integer("max_redemptions"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: instant("created_at").notNull().defaultNow(),
    finishedAt: instant("finished_at"),
    /** Redacted reason of a failed batch. */
    error: text("error"),
  },
  (t) => [index("code_batches_brand_created_idx").on(t.brandId, t.createdAt.desc(), t.id)],
);

export type CodeBatch = typeof codeBatches.$inferSelect;
export type DiscountRule = typeof discountRules.$inferSelect;
export type DiscountCode = typeof discountCodes.$inferSelect;

export const discountRulesRelations = relations(discountRules, ({ one, many }) => ({
  brand: one(brands, { fields: [discountRules.brandId], references: [brands.id] }),
  codes: many(discountCodes),
}));
export const discountCodesRelations = relations(discountCodes, ({ one }) => ({
  rule: one(discountRules, { fields: [discountCodes.ruleId], references: [discountRules.id] }),
  brand: one(brands, { fields: [discountCodes.brandId], references: [brands.id] }),
  creator: one(users, { fields: [discountCodes.createdBy], references: [users.id] }),
}));
