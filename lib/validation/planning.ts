/**
 * The planned-date form (issue 17 §3): shared by the client form and the server action, so free
 * of server imports. Messages are i18n keys under `planning.v`.
 */
import { z } from "zod";
import { isIsoDate } from "@/lib/domain/dates";
import { EARLIEST_PLAN, LATEST_PLAN, PLAN_KEYS } from "@/lib/domain/planning";

export const planEditSchema = z.object({
  institutionId: z.uuid("planning.v.institution"),
  planKey: z.enum(PLAN_KEYS, "planning.v.plan_key"),
  /** Empty: remove the plan. */
  plannedOn: z
    .string()
    .trim()
    .refine((v) => v === "" || (isIsoDate(v) && v >= EARLIEST_PLAN && v <= LATEST_PLAN), "planning.v.date"),
  reason: z.string().trim().max(500, "planning.v.reason_too_long"),
});
export type PlanEditInput = z.input<typeof planEditSchema>;
export type PlanEditValues = z.output<typeof planEditSchema>;
