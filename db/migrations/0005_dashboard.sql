CREATE TABLE "programme_milestones" (
	"code" text PRIMARY KEY NOT NULL,
	"sort_order" integer NOT NULL,
	"date" date NOT NULL,
	"title_nl" text NOT NULL,
	"title_en" text NOT NULL,
	"description_nl" text NOT NULL,
	"description_en" text NOT NULL,
	"metric" jsonb NOT NULL,
	"target" integer,
	"achieved_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "programme_milestones" ADD CONSTRAINT "programme_milestones_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;