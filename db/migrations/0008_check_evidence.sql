ALTER TABLE "evidence_files" ADD COLUMN "check_result_id" bigint;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD COLUMN "check_evidence_file_id" uuid;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD COLUMN "check_evidence_file_id" uuid;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_check_result_id_check_results_id_fk" FOREIGN KEY ("check_result_id") REFERENCES "public"."check_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_events" ADD CONSTRAINT "onboarding_step_events_check_evidence_file_id_evidence_files_id_fk" FOREIGN KEY ("check_evidence_file_id") REFERENCES "public"."evidence_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_check_evidence_file_id_evidence_files_id_fk" FOREIGN KEY ("check_evidence_file_id") REFERENCES "public"."evidence_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_check_result_idx" ON "evidence_files" USING btree ("check_result_id");