import { relations } from "drizzle-orm";
import { bigint, boolean, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    /**
     * Bumped by sign-out and a password change: a session cookie carries the version it was issued
     * at, and one older than this is refused (JWT sessions cannot otherwise be revoked).
     */
    sessionVersion: integer("session_version").notNull().default(0),
    image: text("image"),
    ...timestamps,
  },
  (t) => [
    // Emails are stored lower-cased, so a plain unique index is case-insensitive in effect.
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_seq_key").on(t.seq),
  ],
);

// Email verification links (API.md "Email verification"): only the SHA-256 of the token is kept.
export const emailVerifications = pgTable(
  "email_verifications",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the link was sent to: verifying proves this one, not a later one. */
    email: text("email").notNull(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("email_verifications_user_idx").on(t.userId)],
);

// A shopper who no longer wants announcements from one brand (the per-brand unsubscribe link).
export const brandOptOuts = pgTable(
  "brand_opt_outs",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    brandId: text("brand_id").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  // Announcements exclude opted-out shoppers of the code's brand: looked up by (brand, user).
  (t) => [primaryKey({ name: "brand_opt_outs_pkey", columns: [t.brandId, t.userId] })],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const usersRelations = relations(users, () => ({}));
