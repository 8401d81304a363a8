import { relations } from "drizzle-orm";
import { bigint, boolean, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { instant, timestamps } from "./columns";

export const userRole = pgEnum("user_role", ["shopper", "brand"]);

// Also the next-auth adapter's user table (it needs id, name, email, emailVerified, image).
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    // A small integer handle per user: the Redis usage ledger stores these instead of the
    // 30-character id, which keeps per-code claim buckets in Redis's compact encodings.
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull().default("shopper"),
    passwordHash: text("password_hash"),
    /** Shopper opted in to announcements of new codes (RFC 8058 one-click unsubscribe clears it). */
    notifyNewCodes: boolean("notify_new_codes").notNull().default(true),
    emailVerified: instant("email_verified"),
    image: text("image"),
    ...timestamps,
  },
  (t) => [
    // Emails are stored lower-cased, so a plain unique index is case-insensitive in effect.
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_seq_key").on(t.seq),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const usersRelations = relations(users, () => ({}));
