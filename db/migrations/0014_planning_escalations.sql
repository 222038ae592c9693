CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "decisions_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"decided_on" date NOT NULL,
	"forum" text NOT NULL,
	"decision" text NOT NULL,
	"links" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decisions_number_unique" UNIQUE("number"),
	CONSTRAINT "decisions_forum" CHECK ("decisions"."forum" in ('programme','stuurgroep','dto'))
);
--> statement-breakpoint
CREATE TABLE "escalation_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escalation_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_level" text,
	"to_level" text,
	"from_status" text,
	"to_status" text,
	"note" text,
	"changes" jsonb,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_events_action" CHECK ("escalation_events"."action" in ('created','updated','escalated','status'))
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "escalations_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_on" date,
	"level" text DEFAULT 'programme' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"links" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalations_number_unique" UNIQUE("number"),
	CONSTRAINT "escalations_kind" CHECK ("escalations"."kind" in ('issue','risk')),
	CONSTRAINT "escalations_level" CHECK ("escalations"."level" in ('programme','stuurgroep','dto')),
	CONSTRAINT "escalations_status" CHECK ("escalations"."status" in ('open','in_progress','resolved','closed'))
);
--> statement-breakpoint
CREATE TABLE "institution_plan_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"plan_key" text NOT NULL,
	"from_date" date,
	"to_date" date,
	"reason" text,
	"source" text DEFAULT 'portal' NOT NULL,
	"changed_by" uuid,
	"changed_by_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_plan_changes_key" CHECK ("institution_plan_changes"."plan_key" in ('twiin_signed','mitz_connected','dpia_completed','go_live')),
	CONSTRAINT "institution_plan_changes_source" CHECK ("institution_plan_changes"."source" in ('portal','intake'))
);
--> statement-breakpoint
ALTER TABLE "programme_milestones" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_events" ADD CONSTRAINT "escalation_events_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_events" ADD CONSTRAINT "escalation_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_plan_changes" ADD CONSTRAINT "institution_plan_changes_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_plan_changes" ADD CONSTRAINT "institution_plan_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_decided_on_idx" ON "decisions" USING btree ("decided_on");--> statement-breakpoint
CREATE INDEX "escalation_events_escalation_idx" ON "escalation_events" USING btree ("escalation_id","at");--> statement-breakpoint
CREATE INDEX "escalations_status_level_idx" ON "escalations" USING btree ("status","level");--> statement-breakpoint
CREATE INDEX "institution_plan_changes_institution_idx" ON "institution_plan_changes" USING btree ("institution_id","plan_key","at");--> statement-breakpoint
-- Plans that arrived through intake forms before the history existed: their first entry.
INSERT INTO "institution_plan_changes" ("institution_id", "plan_key", "from_date", "to_date", "source", "changed_by", "changed_by_label", "at")
SELECT "institution_id", "plan_key", NULL, "planned_on", 'intake', "reported_by", "reported_by_label", "reported_at" FROM "institution_plans";
