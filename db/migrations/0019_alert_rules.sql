CREATE TYPE "public"."alert_scope" AS ENUM('programme', 'vendor', 'institution');--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" "alert_scope" NOT NULL,
	"vendor_code" text,
	"institution_id" uuid,
	"events" text[] NOT NULL,
	"degraded_minutes" integer DEFAULT 15 NOT NULL,
	"user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"webhooks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "alert_rules_scope_target" CHECK (("alert_rules"."scope" = 'programme' and "alert_rules"."vendor_code" is null and "alert_rules"."institution_id" is null) or ("alert_rules"."scope" = 'vendor' and "alert_rules"."vendor_code" is not null and "alert_rules"."institution_id" is null) or ("alert_rules"."scope" = 'institution' and "alert_rules"."institution_id" is not null and "alert_rules"."vendor_code" is null)),
	CONSTRAINT "alert_rules_name_length" CHECK (char_length("alert_rules"."name") <= 120),
	CONSTRAINT "alert_rules_degraded_minutes" CHECK ("alert_rules"."degraded_minutes" between 1 and 1440)
);
--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "rule_id" uuid;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_rules_scope_idx" ON "alert_rules" USING btree ("scope","vendor_code","institution_id");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_deliveries_rule_idx" ON "notification_deliveries" USING btree ("rule_id","created_at");