CREATE TYPE "public"."endpoint_environment" AS ENUM('acceptance', 'production');--> statement-breakpoint
CREATE TYPE "public"."endpoint_probe_mode" AS ENUM('transport', 'query');--> statement-breakpoint
CREATE TYPE "public"."endpoint_status" AS ENUM('active', 'suspended', 'off', 'entered-in-error');--> statement-breakpoint
CREATE TYPE "public"."endpoint_transaction" AS ENUM('iti-38', 'iti-39', 'rad-75');--> statement-breakpoint
CREATE TYPE "public"."api_token_scope" AS ENUM('programme', 'institution', 'vendor');--> statement-breakpoint
CREATE TABLE "endpoint_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"vendor_code" text NOT NULL,
	"environment" "endpoint_environment" NOT NULL,
	"transaction" "endpoint_transaction" NOT NULL,
	"url" text NOT NULL,
	"home_community_id" text NOT NULL,
	"status" "endpoint_status" DEFAULT 'active' NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"maintenance_windows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"probe_mode" "endpoint_probe_mode" DEFAULT 'transport' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "endpoints_period" CHECK ("endpoints"."period_start" is null or "endpoints"."period_end" is null or "endpoints"."period_start" < "endpoints"."period_end"),
	CONSTRAINT "endpoints_url_length" CHECK (char_length("endpoints"."url") <= 2048),
	CONSTRAINT "endpoints_hcid_length" CHECK (char_length("endpoints"."home_community_id") <= 100)
);
--> statement-breakpoint
CREATE TABLE "api_token_usage" (
	"token_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_token_usage_token_id_window_start_pk" PRIMARY KEY("token_id","window_start")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_prefix" text NOT NULL,
	"scope" "api_token_scope" NOT NULL,
	"institution_id" uuid,
	"vendor_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_scope_target" CHECK (("api_tokens"."scope" = 'programme' and "api_tokens"."institution_id" is null and "api_tokens"."vendor_code" is null)
        or ("api_tokens"."scope" = 'institution' and "api_tokens"."institution_id" is not null and "api_tokens"."vendor_code" is null)
        or ("api_tokens"."scope" = 'vendor' and "api_tokens"."vendor_code" is not null and "api_tokens"."institution_id" is null))
);
--> statement-breakpoint
ALTER TABLE "endpoint_versions" ADD CONSTRAINT "endpoint_versions_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_usage" ADD CONSTRAINT "api_token_usage_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "endpoint_versions_key" ON "endpoint_versions" USING btree ("endpoint_id","version");--> statement-breakpoint
CREATE INDEX "endpoint_versions_at_idx" ON "endpoint_versions" USING btree ("at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "endpoints_one_active" ON "endpoints" USING btree ("institution_id","environment","transaction") WHERE "endpoints"."status" = 'active';--> statement-breakpoint
CREATE INDEX "endpoints_institution_idx" ON "endpoints" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "endpoints_vendor_idx" ON "endpoints" USING btree ("vendor_code");--> statement-breakpoint
CREATE INDEX "endpoints_updated_idx" ON "endpoints" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_institution_idx" ON "api_tokens" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "api_tokens_vendor_idx" ON "api_tokens" USING btree ("vendor_code");