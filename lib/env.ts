// Every environment variable the app reads, parsed once. `.env.example` documents each.
// Nothing else in the codebase reads process.env directly (tests and scripts excepted).
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const flag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** PostgreSQL connection string; unset → embedded PGlite under DATA_DIR. */
    DATABASE_URL: z.url().optional(),
    /** Where the embedded default keeps its data. */
    DATA_DIR: z.string().min(1).default(".data"),
    /** Seed the demo accounts even on a configured DATABASE_URL (never by default). */
    SEED_DEMO: flag,
    /** Public base URL, for links in emails. */
    APP_URL: z.url().default("http://localhost:3000"),
    /** next-auth: JWT/cookie secret. `npm start` generates one under DATA_DIR when unset. */
    AUTH_SECRET: z.string().min(16).optional(),
    AUTH_TRUST_HOST: flag,
    /** Upstash Redis REST (usage ledger). Both set → Upstash; else the database ledger. */
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
    /** Inngest Cloud. Set → events go to Inngest; else the in-process outbox worker. */
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    INNGEST_SIGNING_KEY: z.string().min(1).optional(),
    /** Resend. Set → email goes through Resend; else the local mailbox at /dev/mailbox. */
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().optional(),
    EMAIL_FROM: z.string().min(3).default("Discounts <no-reply@discounts.localhost>"),
    /** The local mailbox (/dev/mailbox, /api/v1/dev/mailbox): on by default only without DATABASE_URL. */
    MAILBOX_ENABLED: flag,
    /** New codes of one brand announced to shoppers in any 24 h; codes past it are created, not emailed. */
    ANNOUNCEMENTS_PER_BRAND_PER_DAY: z.coerce.number().int().min(0).max(1000).default(3),
    /** Webhooks may target http://127.0.0.1 and http://localhost (embedded default, tests); else https to public addresses only. */
    WEBHOOKS_ALLOW_LOCALHOST: flag,
    /** Origins allowed to call /api/v1 from a browser (CORS), comma-separated. */
    ALLOWED_ORIGINS: csv,
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  skipValidation: process.env.SKIP_ENV_VALIDATION === "1",
});

export type Env = typeof env;
