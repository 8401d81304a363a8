import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { brands } from "./brands";
import { instant } from "./columns";
import { users } from "./users";

// Orders placed through POST /api/v1/orders (API.md part 2). Plain rows: an order, its lines, and
// one row per brand in it (`order_brands`) — what eligibility counts ("confirmed orders containing
// this brand's products", "an order whose brand lines reached X"), so that check is one query on
// the (user_id, brand_id) index, and "how many shoppers qualify" one on (brand_id, user_id).
export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    placedAt: instant("placed_at").notNull().defaultNow(),
    currency: text("currency").notNull(),
    subtotal: integer("subtotal").notNull(),
    discountAmount: integer("discount_amount").notNull().default(0),
    total: integer("total").notNull(),
    usageId: text("usage_id"),
  },
  (t) => [index("orders_user_placed_idx").on(t.userId, t.placedAt.desc(), t.id)],
);

export const orderLines = pgTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    lineNo: integer("line_no").notNull(),
    sku: text("sku").notNull(),
    brandId: text("brand_id").notNull(),
    unitAmount: integer("unit_amount").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ name: "order_lines_pkey", columns: [t.orderId, t.lineNo] })],
);

export const orderBrands = pgTable(
  "order_brands",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    currency: text("currency").notNull(),
    /** The order's lines of this brand, before any discount. */
    amount: integer("amount").notNull(),
    placedAt: instant("placed_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "order_brands_pkey", columns: [t.orderId, t.brandId] }),
    index("order_brands_user_brand_idx").on(t.userId, t.brandId, t.amount),
    index("order_brands_brand_user_idx").on(t.brandId, t.userId, t.amount),
  ],
);

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
