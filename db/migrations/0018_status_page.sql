CREATE TYPE "public"."status_incident_state" AS ENUM('investigating', 'identified', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."status_subscription_channel" AS ENUM('email', 'webhook');--> statement-breakpoint
CREATE TABLE "status_incident_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"state" "status_incident_state" NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	CONSTRAINT "status_incident_updates_message_length" CHECK (char_length("status_incident_updates"."message") <= 4000)
);
--> statement-breakpoint
CREATE TABLE "status_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_code" text NOT NULL,
	"title" text NOT NULL,
	"state" "status_incident_state" NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "status_incidents_title_length" CHECK (char_length("status_incidents"."title") <= 200)
);
--> statement-breakpoint
CREATE TABLE "status_maintenance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor_code" text NOT NULL,
	"title" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "status_maintenance_order" CHECK ("status_maintenance"."starts_at" < "status_maintenance"."ends_at"),
	CONSTRAINT "status_maintenance_title_length" CHECK (char_length("status_maintenance"."title") <= 200)
);
--> statement-breakpoint
CREATE TABLE "status_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "status_subscription_channel" NOT NULL,
	"target" text NOT NULL,
	"vendor_codes" text[] NOT NULL,
	"locale" text DEFAULT 'nl' NOT NULL,
	"secret" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_ip" text,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "status_subscriptions_target_length" CHECK (char_length("status_subscriptions"."target") <= 2048)
);
--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "central" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_incident_id_status_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."status_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incident_updates" ADD CONSTRAINT "status_incident_updates_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incidents" ADD CONSTRAINT "status_incidents_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_incidents" ADD CONSTRAINT "status_incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_maintenance" ADD CONSTRAINT "status_maintenance_vendor_code_vendors_code_fk" FOREIGN KEY ("vendor_code") REFERENCES "public"."vendors"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_maintenance" ADD CONSTRAINT "status_maintenance_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_incident_updates_incident_idx" ON "status_incident_updates" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "status_incidents_vendor_idx" ON "status_incidents" USING btree ("vendor_code","opened_at");--> statement-breakpoint
CREATE INDEX "status_incidents_opened_idx" ON "status_incidents" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "status_maintenance_window_idx" ON "status_maintenance" USING btree ("ends_at","starts_at");--> statement-breakpoint
CREATE INDEX "status_subscriptions_target_idx" ON "status_subscriptions" USING btree ("target");--> statement-breakpoint
CREATE INDEX "status_subscriptions_ip_idx" ON "status_subscriptions" USING btree ("created_ip","created_at");