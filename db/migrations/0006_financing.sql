CREATE TYPE "public"."financing_rule_set_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "financing_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" "financing_rule_set_status" DEFAULT 'draft' NOT NULL,
	"effective_from" date NOT NULL,
	"effective_until" date,
	"review_date" date,
	"definition" jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "financing_rule_sets" ADD CONSTRAINT "financing_rule_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_rule_sets" ADD CONSTRAINT "financing_rule_sets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financing_rule_sets" ADD CONSTRAINT "financing_rule_sets_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "financing_rule_sets_version_key" ON "financing_rule_sets" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "financing_rule_sets_one_draft_key" ON "financing_rule_sets" USING btree ("status") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "financing_rule_sets_effective_idx" ON "financing_rule_sets" USING btree ("effective_from");