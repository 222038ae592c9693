/**
 * The step report form: one schema for the react-hook-form resolver and the server action.
 * The evidence file travels next to these fields (FormData); its type is sniffed on the server.
 */
import { z } from "zod";
import { STEP_CODES } from "@/lib/domain/steps";

const optionalText = (max: number, tooLong: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string().max(max, tooLong).optional());

export const stepReportSchema = z.object({
  institutionId: z.uuid("v.institution_invalid"),
  stepCode: z.enum(STEP_CODES, "v.step_invalid"),
  intent: z.enum(["draft", "submit"]),
  completedOn: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "v.date_invalid")
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "v.date_invalid")
      .optional(),
  ),
  note: optionalText(2000, "v.note_too_long"),
  link: optionalText(500, "v.link_too_long").pipe(
    z
      .string()
      .refine((s) => /^https:\/\//.test(s) || /^\/[A-Za-z0-9/_\-?=&.%]*$/.test(s), "v.link_invalid")
      .optional(),
  ),
  keepEvidence: z.preprocess((v) => v === true || v === "true", z.boolean()),
  /** A connectivity check result to attach (its id); empty means "none chosen". */
  checkResultId: z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? (/^\d{1,15}$/.test(v) ? Number(v) : Number.NaN) : v),
    z.number("v.check_invalid").int("v.check_invalid").positive("v.check_invalid").optional(),
  ),
  /** Keep the check already attached to the draft or report (absent: keep, as older forms did not know it). */
  keepCheckEvidence: z.preprocess((v) => (v === undefined || v === null ? undefined : !(v === false || v === "false")), z.boolean().optional()),
  version: z.coerce.number().int().min(0),
});
export type StepReportInput = z.input<typeof stepReportSchema>;
export type StepReportValues = z.output<typeof stepReportSchema>;

export const stepDecisionSchema = z.object({
  institutionId: z.uuid("v.institution_invalid"),
  stepCode: z.enum(STEP_CODES, "v.step_invalid"),
  version: z.coerce.number().int().min(0),
});

export const stepRejectSchema = stepDecisionSchema.extend({
  reason: z.string().trim().min(5, "v.reason_too_short").max(1000, "v.reason_too_long"),
});
export type StepRejectInput = z.input<typeof stepRejectSchema>;

export const bulkVerifySchema = z.object({
  items: z.array(stepDecisionSchema).min(1, "v.bulk_empty").max(200, "v.bulk_too_many"),
});

/** "Attach this check as evidence" from the endpoint page. */
export const attachCheckSchema = z.object({
  institutionId: z.uuid("v.institution_invalid"),
  checkResultId: z.coerce.number("v.check_invalid").int("v.check_invalid").positive("v.check_invalid"),
});
