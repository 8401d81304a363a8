import { relations } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { brands } from "./brands";
import { timestamps } from "./columns";

// The demo shop's catalogue: products of several brands, priced in integer minor units.
export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    unitAmount: integer("unit_amount").notNull(),
    currency: text("currency").notNull().default("EUR"),
    imageUrl: text("image_url"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("products_sku_key").on(t.sku),
    index("products_brand_idx").on(t.brandId),
    check("products_unit_amount_check", sql`${t.unitAmount} >= 0`),
  ],
);

export type Product = typeof products.$inferSelect;

export const productsRelations = relations(products, ({ one }) => ({
  brand: one(brands, { fields: [products.brandId], references: [brands.id] }),
}));
