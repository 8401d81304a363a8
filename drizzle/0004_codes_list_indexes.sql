DROP INDEX "discount_codes_brand_created_idx";--> statement-breakpoint
DROP INDEX "discount_codes_batch_created_idx";--> statement-breakpoint
CREATE INDEX "discount_codes_brand_ends_idx" ON "discount_codes" USING btree ("brand_id","valid_until","id") WHERE "discount_codes"."batch_id" is null;--> statement-breakpoint
CREATE INDEX "discount_codes_brand_code_prefix_idx" ON "discount_codes" USING btree ("brand_id","code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "discount_codes_brand_created_idx" ON "discount_codes" USING btree ("brand_id","created_at","id") WHERE "discount_codes"."batch_id" is null;--> statement-breakpoint
CREATE INDEX "discount_codes_batch_created_idx" ON "discount_codes" USING btree ("batch_id","created_at","id") WHERE "discount_codes"."batch_id" is not null;