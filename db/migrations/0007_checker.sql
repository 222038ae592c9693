CREATE TYPE "public"."check_status" AS ENUM('up', 'degraded', 'down');--> statement-breakpoint
CREATE TYPE "public"."check_suppression" AS ENUM('maintenance', 'checker_offline');--> statement-breakpoint
CREATE TYPE "public"."check_trigger" AS ENUM('schedule', 'user', 'api');--> statement-breakpoint
CREATE TYPE "public"."health_status" AS ENUM('unknown', 'up', 'degraded', 'down');--> statement-breakpoint
CREATE TYPE "public"."notification_channel" AS ENUM('email', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."notification_delivery_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"status" "check_status" NOT NULL,
	"reason" text,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"warnings" text[] DEFAULT '{}'::text[] NOT NULL,
	"mode" text NOT NULL,
	"dns_ms" integer,
	"connect_ms" integer,
	"tls_ms" integer,
	"first_byte_ms" integer,
	"total_ms" integer NOT NULL,
	"tls_protocol" text,
	"tls_cipher" text,
	"certificate_id" bigint,
	"http_status" smallint,
	"soap" jsonb,
	"extra" jsonb,
	"detail" text,
	"trigger" "check_trigger" NOT NULL,
	"actor_user_id" uuid,
	"suppressed" "check_suppression"
);
--> statement-breakpoint
CREATE TABLE "check_rollups_daily" (
	"endpoint_id" uuid NOT NULL,
	"day" date NOT NULL,
	"up" integer DEFAULT 0 NOT NULL,
	"degraded" integer DEFAULT 0 NOT NULL,
	"down" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"total_ms_sum" bigint DEFAULT 0 NOT NULL,
	"total_ms_min" integer,
	"total_ms_max" integer,
	CONSTRAINT "check_rollups_daily_endpoint_id_day_pk" PRIMARY KEY("endpoint_id","day")
);
--> statement-breakpoint
CREATE TABLE "check_rollups_hourly" (
	"endpoint_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"up" integer DEFAULT 0 NOT NULL,
	"degraded" integer DEFAULT 0 NOT NULL,
	"down" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"total_ms_sum" bigint DEFAULT 0 NOT NULL,
	"total_ms_min" integer,
	"total_ms_max" integer,
	CONSTRAINT "check_rollups_hourly_endpoint_id_hour_pk" PRIMARY KEY("endpoint_id","hour")
);
--> statement-breakpoint
CREATE TABLE "checker_state" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reason" text,
	"last_sweep_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "endpoint_certificates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"not_before" timestamp with time zone,
	"not_after" timestamp with time zone NOT NULL,
	"ura" text,
	"expected_ura" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "endpoint_health" (
	"endpoint_id" uuid PRIMARY KEY NOT NULL,
	"status" "health_status" DEFAULT 'unknown' NOT NULL,
	"since" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"consecutive_successes" integer DEFAULT 0 NOT NULL,
	"last_checked_at" timestamp with time zone,
	"last_result_id" bigint,
	"last_status" "check_status",
	"last_reason" text,
	"last_total_ms" integer,
	"down_after" smallint,
	"up_after" smallint,
	"interval_seconds" integer DEFAULT 300 NOT NULL,
	"timeout_ms" integer,
	"slow_ms" integer,
	"last_slot" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dedup_key" text NOT NULL,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"channel" "notification_channel" NOT NULL,
	"target" text NOT NULL,
	"endpoint_id" uuid,
	"payload" jsonb NOT NULL,
	"status" "notification_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"processing" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_certificate_id_endpoint_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."endpoint_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_rollups_daily" ADD CONSTRAINT "check_rollups_daily_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_rollups_hourly" ADD CONSTRAINT "check_rollups_hourly_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_certificates" ADD CONSTRAINT "endpoint_certificates_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoint_health" ADD CONSTRAINT "endpoint_health_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_results_endpoint_idx" ON "check_results" USING btree ("endpoint_id","checked_at");--> statement-breakpoint
CREATE INDEX "check_results_checked_at_idx" ON "check_results" USING btree ("checked_at");--> statement-breakpoint
CREATE INDEX "check_results_actor_idx" ON "check_results" USING btree ("actor_user_id","checked_at");--> statement-breakpoint
CREATE INDEX "check_rollups_daily_day_idx" ON "check_rollups_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "check_rollups_hourly_hour_idx" ON "check_rollups_hourly" USING btree ("hour");--> statement-breakpoint
CREATE UNIQUE INDEX "endpoint_certificates_key" ON "endpoint_certificates" USING btree ("endpoint_id","fingerprint");--> statement-breakpoint
CREATE INDEX "endpoint_certificates_not_after_idx" ON "endpoint_certificates" USING btree ("not_after");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_dedup" ON "notification_deliveries" USING btree ("dedup_key");--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_deliveries_endpoint_idx" ON "notification_deliveries" USING btree ("endpoint_id","created_at");