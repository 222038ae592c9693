CREATE TABLE "exchange_volumes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"month" text NOT NULL,
	"direction" text NOT NULL,
	"counterpart" text NOT NULL,
	"vendor_code" text NOT NULL,
	"documents" integer NOT NULL,
	"studies" integer NOT NULL,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchange_volumes_month" CHECK ("exchange_volumes"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "exchange_volumes_counts" CHECK ("exchange_volumes"."documents" >= 0 and "exchange_volumes"."studies" >= 0)
);
--> statement-breakpoint
CREATE TABLE "go_live_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"exchanged_on" date NOT NULL,
	"confirmer_kind" text NOT NULL,
	"partner_institution_id" uuid,
	"vendor_code" text,
	"note" text,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "go_live_confirmations_who" CHECK (("go_live_confirmations"."confirmer_kind" = 'partner_institution' and "go_live_confirmations"."partner_institution_id" is not null) or ("go_live_confirmations"."confirmer_kind" = 'vendor' and "go_live_confirmations"."vendor_code" is not null))
);
--> statement-breakpoint
CREATE TABLE "go_live_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	CONSTRAINT "go_live_overrides_reason" CHECK (char_length("go_live_overrides"."reason") between 10 and 2000)
);
--> statement-breakpoint
ALTER TABLE "exchange_volumes" ADD CONSTRAINT "exchange_volumes_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_volumes" ADD CONSTRAINT "exchange_volumes_counterpart_vendors_code_fk" FOREIGN KEY ("counterpart") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_volumes" ADD CONSTRAINT "exchange_volumes_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_confirmations" ADD CONSTRAINT "go_live_confirmations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_confirmations" ADD CONSTRAINT "go_live_confirmations_partner_institution_id_institutions_id_fk" FOREIGN KEY ("partner_institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_confirmations" ADD CONSTRAINT "go_live_confirmations_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_confirmations" ADD CONSTRAINT "go_live_confirmations_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_overrides" ADD CONSTRAINT "go_live_overrides_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_overrides" ADD CONSTRAINT "go_live_overrides_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "go_live_overrides" ADD CONSTRAINT "go_live_overrides_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_volumes_key" ON "exchange_volumes" USING btree ("institution_id","month","direction","counterpart");--> statement-breakpoint
CREATE INDEX "exchange_volumes_month_idx" ON "exchange_volumes" USING btree ("month");--> statement-breakpoint
CREATE INDEX "go_live_confirmations_institution_idx" ON "go_live_confirmations" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "go_live_overrides_one_active" ON "go_live_overrides" USING btree ("institution_id") WHERE "go_live_overrides"."withdrawn_at" is null;