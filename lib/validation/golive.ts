/**
 * The go-live forms (issue 17 §1): a confirmation that a real retrieval across infrastructures
 * succeeded, and a programme override with a written reason. Shared by the client forms and the
 * server actions, so free of server imports. Messages are i18n keys ("golive.v").
 */
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "golive.v.date_invalid");

export const confirmExchangeSchema = z
  .object({
    institutionId: z.uuid("golive.v.institution_invalid"),
    exchangedOn: isoDate,
    confirmerKind: z.enum(["partner_institution", "vendor"], "golive.v.kind_invalid"),
    partnerInstitutionId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("golive.v.partner_required").optional()),
    note: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(1000, "golive.v.note_too_long").optional()),
  })
  .superRefine((v, ctx) => {
    if (v.confirmerKind === "partner_institution" && !v.partnerInstitutionId) ctx.addIssue({ code: "custom", path: ["partnerInstitutionId"], message: "golive.v.partner_required" });
  });
export type ConfirmExchangeInput = z.input<typeof confirmExchangeSchema>;
export type ConfirmExchangeValues = z.output<typeof confirmExchangeSchema>;

export const overrideSchema = z.object({
  institutionId: z.uuid("golive.v.institution_invalid"),
  reason: z.string().trim().min(10, "golive.v.reason_too_short").max(2000, "golive.v.reason_too_long"),
});
export type OverrideInput = z.input<typeof overrideSchema>;
