CREATE TABLE "availability_months" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"month" text NOT NULL,
	"revision" smallint DEFAULT 1 NOT NULL,
	"institution_id" uuid NOT NULL,
	"vendor_code" text NOT NULL,
	"checks" integer NOT NULL,
	"available_checks" integer NOT NULL,
	"failed_checks" integer NOT NULL,
	"down_minutes" integer NOT NULL,
	"maintenance_minutes" integer NOT NULL,
	"checker_offline_minutes" integer NOT NULL,
	"incidents" jsonb NOT NULL,
	"correction" jsonb,
	"frozen_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "check_rollups_hourly" ADD COLUMN "checker_offline" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "check_rollups_hourly" ADD COLUMN "samples" "bytea";--> statement-breakpoint
ALTER TABLE "availability_months" ADD CONSTRAINT "availability_months_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_months" ADD CONSTRAINT "availability_months_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_months" ADD CONSTRAINT "availability_months_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "availability_months_key" ON "availability_months" USING btree ("endpoint_id","month","revision");--> statement-breakpoint
CREATE INDEX "availability_months_month_idx" ON "availability_months" USING btree ("month");--> statement-breakpoint
-- A frozen month never changes (issue 15 §2): a correction is a new revision, so UPDATE and DELETE are refused.
CREATE TRIGGER availability_months_no_update_delete BEFORE UPDATE OR DELETE ON availability_months
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
