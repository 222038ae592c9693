CREATE TYPE "public"."template_source" AS ENUM('generated', 'uploaded');--> statement-breakpoint
CREATE TYPE "public"."template_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "document_acknowledgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"document_type" text NOT NULL,
	"version_label" text NOT NULL,
	"user_id" uuid,
	"user_email" text NOT NULL,
	"user_name" text NOT NULL,
	"capacity" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_acknowledgements_capacity" CHECK ("document_acknowledgements"."capacity" in ('ciso','fg'))
);
--> statement-breakpoint
CREATE TABLE "document_downloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"document_type" text NOT NULL,
	"version_label" text NOT NULL,
	"via" text NOT NULL,
	"user_id" uuid,
	"user_email" text NOT NULL,
	"user_name" text NOT NULL,
	"role" text NOT NULL,
	"capacity" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_downloads_via" CHECK ("document_downloads"."via" in ('document','pack')),
	CONSTRAINT "document_downloads_capacity" CHECK ("document_downloads"."capacity" is null or "document_downloads"."capacity" in ('ciso','fg'))
);
--> statement-breakpoint
CREATE TABLE "document_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_type" text NOT NULL,
	"version_label" text NOT NULL,
	"source" "template_source" NOT NULL,
	"status" "template_status" DEFAULT 'draft' NOT NULL,
	"change_note" text NOT NULL,
	"filename" text,
	"size_bytes" integer,
	"sha256" text,
	"data" "bytea",
	"form_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "document_templates_type" CHECK ("document_templates"."document_type" in ('agreement','dpia_guide','architecture','implementation_plan','intake_form','handout_management','handout_ciso_fg','handout_radiologists','handout_patients')),
	CONSTRAINT "document_templates_upload" CHECK ("document_templates"."source" = 'generated' or "document_templates"."data" is not null),
	CONSTRAINT "document_templates_published" CHECK ("document_templates"."status" = 'draft' or "document_templates"."published_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "institution_plans" (
	"institution_id" uuid NOT NULL,
	"plan_key" text NOT NULL,
	"planned_on" date NOT NULL,
	"source" text DEFAULT 'intake' NOT NULL,
	"reported_by" uuid,
	"reported_by_label" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institution_plans_institution_id_plan_key_pk" PRIMARY KEY("institution_id","plan_key"),
	CONSTRAINT "institution_plans_key" CHECK ("institution_plans"."plan_key" in ('twiin_signed','mitz_connected','dpia_completed','go_live'))
);
--> statement-breakpoint
CREATE TABLE "intake_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"form_version" text,
	"changes" jsonb NOT NULL,
	"remarks" text,
	"applied_by" uuid,
	"applied_by_label" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_acknowledgements" ADD CONSTRAINT "document_acknowledgements_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_acknowledgements" ADD CONSTRAINT "document_acknowledgements_template_id_document_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."document_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_acknowledgements" ADD CONSTRAINT "document_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_downloads" ADD CONSTRAINT "document_downloads_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_downloads" ADD CONSTRAINT "document_downloads_template_id_document_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."document_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_downloads" ADD CONSTRAINT "document_downloads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_templates" ADD CONSTRAINT "document_templates_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_plans" ADD CONSTRAINT "institution_plans_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_plans" ADD CONSTRAINT "institution_plans_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_submissions" ADD CONSTRAINT "intake_submissions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_submissions" ADD CONSTRAINT "intake_submissions_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_acknowledgements_key" ON "document_acknowledgements" USING btree ("institution_id","template_id","user_email");--> statement-breakpoint
CREATE INDEX "document_acknowledgements_institution_idx" ON "document_acknowledgements" USING btree ("institution_id","document_type");--> statement-breakpoint
CREATE INDEX "document_downloads_institution_idx" ON "document_downloads" USING btree ("institution_id","document_type");--> statement-breakpoint
CREATE INDEX "document_downloads_at_idx" ON "document_downloads" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "document_templates_version_key" ON "document_templates" USING btree ("document_type","version_label");--> statement-breakpoint
CREATE INDEX "document_templates_current_idx" ON "document_templates" USING btree ("document_type","status","published_at");--> statement-breakpoint
CREATE INDEX "intake_submissions_institution_idx" ON "intake_submissions" USING btree ("institution_id","applied_at");