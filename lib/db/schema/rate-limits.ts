import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant } from "./columns";

// The database rate limiter (lib/ratelimit, used when Upstash is not configured): one counter per
// key and fixed window, incremented by `INSERT … ON CONFLICT DO UPDATE … RETURNING` (one atomic
// statement). Rows outlive their window only until the sweeper deletes them.
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    hits: integer("hits").notNull().default(0),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "rate_limit_counters_pkey", columns: [t.key, t.windowStart] }),
    // The sweeper deletes ended windows.
    index("rate_limit_counters_expires_idx").on(t.expiresAt),
  ],
);
