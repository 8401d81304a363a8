CREATE TABLE "code_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"rule_id" integer NOT NULL,
	"prefix" text NOT NULL,
	"total" integer NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"max_redemptions" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "order_brands" (
	"order_id" text NOT NULL,
	"brand_id" text NOT NULL,
	"user_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount" integer NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_brands_pkey" PRIMARY KEY("order_id","brand_id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"sku" text NOT NULL,
	"brand_id" text NOT NULL,
	"unit_amount" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "order_lines_pkey" PRIMARY KEY("order_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"currency" text NOT NULL,
	"subtotal" integer NOT NULL,
	"discount_amount" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"usage_id" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"endpoint_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"response_status" integer,
	"error" text,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"brand_id" text NOT NULL,
	"url" text NOT NULL,
	"events" jsonb NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"endpoint_id" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "discount_rules" DROP CONSTRAINT "discount_rules_percent_check";--> statement-breakpoint
DROP INDEX "usage_records_code_user_key";--> statement-breakpoint
DROP INDEX "discount_codes_brand_created_idx";--> statement-breakpoint
DROP INDEX "discount_rules_brand_idx";--> statement-breakpoint
ALTER TABLE "discount_rules" ALTER COLUMN "percent" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_records" ALTER COLUMN "percent" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "discount_codes" ADD COLUMN "max_redemptions" integer;--> statement-breakpoint
ALTER TABLE "discount_codes" ADD COLUMN "uses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "discount_codes" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discount_codes" ADD COLUMN "batch_id" text;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "type" text DEFAULT 'percentage' NOT NULL;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "amount_off" integer;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "amount_off_currency" text;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "min_subtotal" integer;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "min_subtotal_currency" text;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "min_prior_orders" integer;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "min_prior_order_amount" integer;--> statement-breakpoint
ALTER TABLE "discount_rules" ADD COLUMN "min_prior_order_currency" text;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "status" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "order_id" text;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_records" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
ALTER TABLE "code_batches" ADD CONSTRAINT "code_batches_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batches" ADD CONSTRAINT "code_batches_rule_id_discount_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."discount_rules"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batches" ADD CONSTRAINT "code_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_brands" ADD CONSTRAINT "order_brands_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_brands" ADD CONSTRAINT "order_brands_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_message_id_webhook_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."webhook_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_messages" ADD CONSTRAINT "webhook_messages_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "code_batches_brand_created_idx" ON "code_batches" USING btree ("brand_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "order_brands_user_brand_idx" ON "order_brands" USING btree ("user_id","brand_id","amount");--> statement-breakpoint
CREATE INDEX "order_brands_brand_user_idx" ON "order_brands" USING btree ("brand_id","user_id","amount");--> statement-breakpoint
CREATE INDEX "orders_user_placed_idx" ON "orders" USING btree ("user_id","placed_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_created_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_brand_idx" ON "webhook_endpoints" USING btree ("brand_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_messages_endpoint_event_key" ON "webhook_messages" USING btree ("endpoint_id","event_id");--> statement-breakpoint
CREATE INDEX "webhook_messages_due_idx" ON "webhook_messages" USING btree ("next_attempt_at") WHERE "webhook_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "discount_codes_batch_idx" ON "discount_codes" USING btree ("batch_id","code") WHERE "discount_codes"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "discount_codes_batch_created_idx" ON "discount_codes" USING btree ("batch_id","created_at" DESC NULLS LAST,"id") WHERE "discount_codes"."batch_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "usage_records_code_user_live_key" ON "usage_records" USING btree ("code_id","user_id") WHERE "usage_records"."status" in ('reserved', 'confirmed');--> statement-breakpoint
CREATE INDEX "usage_records_hold_expiry_idx" ON "usage_records" USING btree ("expires_at") WHERE "usage_records"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX "usage_records_user_used_idx" ON "usage_records" USING btree ("user_id","used_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "discount_codes_brand_created_idx" ON "discount_codes" USING btree ("brand_id","created_at" DESC NULLS LAST,"id") WHERE "discount_codes"."batch_id" is null;--> statement-breakpoint
CREATE INDEX "discount_rules_brand_idx" ON "discount_rules" USING btree ("brand_id","id");--> statement-breakpoint
ALTER TABLE "discount_codes" ADD CONSTRAINT "discount_codes_max_redemptions_check" CHECK ("discount_codes"."max_redemptions" is null or "discount_codes"."max_redemptions" >= 1);--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_shape_check" CHECK (("discount_rules"."type" = 'percentage' and "discount_rules"."percent" between 1 and 100 and "discount_rules"."amount_off" is null)
        or ("discount_rules"."type" = 'fixed_amount' and "discount_rules"."percent" is null and "discount_rules"."amount_off" >= 1 and "discount_rules"."amount_off_currency" is not null));--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_min_subtotal_check" CHECK ("discount_rules"."min_subtotal" is null or ("discount_rules"."min_subtotal" >= 1 and "discount_rules"."min_subtotal_currency" is not null));--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_min_prior_orders_check" CHECK ("discount_rules"."min_prior_orders" is null or "discount_rules"."min_prior_orders" >= 1);--> statement-breakpoint
ALTER TABLE "discount_rules" ADD CONSTRAINT "discount_rules_min_prior_amount_check" CHECK ("discount_rules"."min_prior_order_amount" is null or ("discount_rules"."min_prior_order_amount" >= 1 and "discount_rules"."min_prior_order_currency" is not null));