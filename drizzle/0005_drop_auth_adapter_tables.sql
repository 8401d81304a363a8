DROP TABLE "auth_accounts" CASCADE;--> statement-breakpoint
DROP TABLE "auth_sessions" CASCADE;--> statement-breakpoint
DROP TABLE "auth_verification_tokens" CASCADE;