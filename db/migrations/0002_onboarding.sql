CREATE TYPE "public"."step_event_action" AS ENUM('draft_saved', 'reported', 'verified', 'rejected', 'marked_not_applicable', 'reopened');--> statement-breakpoint
CREATE TYPE "public"."step_state" AS ENUM('open', 'reported', 'verified', 'rejected', 'not_applicable');--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"step_code" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_readiness" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"phase" text NOT NULL,
	"percent" integer NOT NULL,
	"blocking_precondition" text,
	"phase_started_on" date,
	"is_live" boolean NOT NULL,
	"go_live_ready" boolean NOT NULL,
	"next_action_kind" text NOT NULL,
	"next_action_step" text,
	"agreements_met" boolean NOT NULL,
	"mitz_connected_met" boolean NOT NULL,
	"mitz_filled_met" boolean NOT NULL,
	"awaiting_verification" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onboarding_step_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"step_code" text NOT NULL,
	"action" "step_event_action" NOT NULL,
	"state" "step_state" NOT NULL,
	"completed_on" date,
	"note" text,
	"link" text,
	"evidence_file_id" uuid,
	"reason" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onboarding_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"step_code" text NOT NULL,
	"state" "step_state" DEFAULT 'open' NOT NULL,
	"completed_on" date,
	"note" text,
	"link" text,
	"evidence_file_id" uuid,
	"reported_at" timestamp with time zone,
	"reported_by" uuid,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"rejected_at" timestamp with time zone,
	"rejected_by" uuid,
	"rejection_reason" text,
	"draft" jsonb,
	"draft_saved_at" timestamp with time zone,
	"draft_saved_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onboarding_step_catalogue" (
	"code" text PRIMARY KEY NOT NULL,
	"sort_order" integer NOT NULL,
	"step_group" text NOT NULL,
	"mandatory" boolean NOT NULL,
	"title_nl" text NOT NULL,
	"title_en" text NOT NULL,
	"prerequisites" jsonb NOT NULL,
	"evidence" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_step_code_onboarding_step_catalogue_code_fk" FOREIGN KEY ("step_code") REFERENCES "public"."onboarding_step_catalogue"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_readiness" ADD CONSTRAINT "institution_readiness_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD CONSTRAINT "onboarding_step_events_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD CONSTRAINT "onboarding_step_events_step_code_onboarding_step_catalogue_code_fk" FOREIGN KEY ("step_code") REFERENCES "public"."onboarding_step_catalogue"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD CONSTRAINT "onboarding_step_events_evidence_file_id_evidence_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."evidence_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD CONSTRAINT "onboarding_step_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_step_code_onboarding_step_catalogue_code_fk" FOREIGN KEY ("step_code") REFERENCES "public"."onboarding_step_catalogue"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_evidence_file_id_evidence_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."evidence_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_draft_saved_by_users_id_fk" FOREIGN KEY ("draft_saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_institution_idx" ON "evidence_files" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "institution_readiness_phase_idx" ON "institution_readiness" USING btree ("phase");--> statement-breakpoint
CREATE INDEX "institution_readiness_blocking_idx" ON "institution_readiness" USING btree ("blocking_precondition");--> statement-breakpoint
CREATE INDEX "onboarding_step_events_institution_idx" ON "onboarding_step_events" USING btree ("institution_id","step_code","at");--> statement-breakpoint
CREATE INDEX "onboarding_step_events_at_idx" ON "onboarding_step_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "onboarding_steps_institution_step_key" ON "onboarding_steps" USING btree ("institution_id","step_code");--> statement-breakpoint
CREATE INDEX "onboarding_steps_queue_idx" ON "onboarding_steps" USING btree ("state","reported_at");--> statement-breakpoint
-- A step's history is never rewritten: the same guard as on audit_events.
CREATE TRIGGER onboarding_step_events_no_update_delete BEFORE UPDATE OR DELETE ON onboarding_step_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER onboarding_step_events_no_truncate BEFORE TRUNCATE ON onboarding_step_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
