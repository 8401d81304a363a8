import { relations } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { instant, timestamps } from "./columns";
import { users } from "./users";

export const brands = pgTable(
  "brands",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex("brands_slug_key").on(t.slug)],
);

export const memberRole = pgEnum("brand_member_role", ["admin"]);

export const brandMembers = pgTable(
  "brand_members",
  {
    brandId: text("brand_id")
      .notNull()
      .references(() => brands.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull().default("admin"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "brand_members_pkey", columns: [t.brandId, t.userId] }),
    // "Which brands does this user administer?" runs on every brand-only request.
    index("brand_members_user_idx").on(t.userId),
  ],
);

export type Brand = typeof brands.$inferSelect;
export type BrandMember = typeof brandMembers.$inferSelect;

export const brandsRelations = relations(brands, ({ many }) => ({ members: many(brandMembers) }));
export const brandMembersRelations = relations(brandMembers, ({ one }) => ({
  brand: one(brands, { fields: [brandMembers.brandId], references: [brands.id] }),
  user: one(users, { fields: [brandMembers.userId], references: [users.id] }),
}));
