import { relations } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { instant } from "./columns";
import { discountCodes } from "./discounts";
import { users } from "./users";

// The durable log of redemptions (history, analytics, the brand's exports). A usage is
// reserved → confirmed, or reserved → released; a confirmed one can be reversed (API.md part 2).
// Rows are never deleted; only the lifecycle columns change, each transition by one conditional
// UPDATE (… where status = 'reserved'), so it happens exactly once.
export const usageRecords = pgTable(
  "usage_records",
  {
    id: text("id").primaryKey(),
    codeId: text("code_id")
      .notNull()
      .references(() => discountCodes.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    /** The rule's percentage at the moment of use (percentage rules; null for fixed amounts). */
    percent: integer("percent"),
    status: text("status", { enum: ["reserved", "confirmed", "released", "reversed"] }).notNull().default("confirmed"),
    /** When a reserved use is released by the server unless confirmed (holds only). */
    expiresAt: instant("expires_at"),
    orderId: text("order_id"),
    confirmedAt: instant("confirmed_at"),
    /** Released (by the user or on expiry) or reversed. */
    endedAt: instant("ended_at"),
    reversalReason: text("reversal_reason"),
    currency: text("currency"),
    subtotal: integer("subtotal"),
    eligibleSubtotal: integer("eligible_subtotal"),
    discountAmount: integer("discount_amount"),
    total: integer("total"),
    idempotencyKey: text("idempotency_key"),
    usedAt: instant("used_at").notNull().defaultNow(),
  },
  (t) => [
    // Last line of defence for "exactly once": even if the ledger lost a claim, a second live
    // record for the same (code, user) cannot be written. Released and reversed uses give the
    // code back to the user, so only live ones are unique.
    uniqueIndex("usage_records_code_user_live_key")
      .on(t.codeId, t.userId)
      .where(sql`${t.status} in ('reserved', 'confirmed')`),
    // The expiry job finds holds past their time.
    index("usage_records_hold_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'reserved'`),
    // A user's own usages, newest first (GET /discountcodeusage).
    index("usage_records_user_used_idx").on(t.userId, t.usedAt.desc(), t.id),
    // Redemptions over time per code (dashboard chart, CSV export), and per brand.
    index("usage_records_code_used_idx").on(t.codeId, t.usedAt),
    index("usage_records_brand_used_idx").on(t.brandId, t.usedAt),
  ],
);

// The database implementation of the usage ledger (the embedded default and the fallback when
// Upstash is not configured): one row per live claim, claimed by an INSERT guarded by the primary
// key. Rows are deleted once their code has expired, so the table holds only live codes' claims.
export const usageClaims = pgTable(
  "usage_claims",
  {
    codeId: text("code_id").notNull(),
    userId: text("user_id").notNull(),
    claimedAt: instant("claimed_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "usage_claims_pkey", columns: [t.codeId, t.userId] }),
    // The sweeper deletes claims whose code has ended.
    index("usage_claims_expires_idx").on(t.expiresAt),
  ],
);

// Stripe-style idempotency: a retry with the same key and body gets the first answer back.
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of method, path and body: the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    response: jsonb("response"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.userId, t.key] }),
    // Keys are kept for 24 h; the sweeper deletes older ones.
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);

export type UsageRecord = typeof usageRecords.$inferSelect;

export const usageRecordsRelations = relations(usageRecords, ({ one }) => ({
  code: one(discountCodes, { fields: [usageRecords.codeId], references: [discountCodes.id] }),
  user: one(users, { fields: [usageRecords.userId], references: [users.id] }),
  brand: one(brands, { fields: [usageRecords.brandId], references: [brands.id] }),
}));
