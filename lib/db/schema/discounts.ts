import { relations, sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { instant } from "./columns";
import { users } from "./users";

// A rule is "N % off every product of the brand"; one rule can serve many codes (campaigns).
export const discountRules = pgTable(
  "discount_rules",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    percent: integer("percent").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    check("discount_rules_percent_check", sql`${t.percent} between 1 and 100`),
    index("discount_rules_brand_idx").on(t.brandId),
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
  },
  (t) => [
    uniqueIndex("discount_codes_code_key").on(t.code),
    check("discount_codes_window_check", sql`${t.validUntil} > ${t.validFrom}`),
    // The dashboard and GET /discountcode list a brand's codes newest first, by cursor.
    index("discount_codes_brand_created_idx").on(t.brandId, t.createdAt.desc(), t.id),
  ],
);

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
