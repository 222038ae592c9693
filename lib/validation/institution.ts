/**
 * The institution form (programme admins): one schema for the form and the server action.
 * Identifier rules come from identifiers.ts, so the form, the CSV import and the API agree.
 * Messages are keys ("checks.*"), shown with lib/validation/messages.ts.
 */
import { z } from "zod";
import { institutionKindSchema, optionalAgbSchema, optionalKvkSchema, optionalVendorCodeSchema, provinceSchema, uraSchema } from "./identifiers";
import { encodeMessage } from "./messages";

const tooLong = (max: number) => encodeMessage({ key: "checks.institution.max_length", params: { max: String(max) } });
const requiredText = (max: number, missingKey: string) => z.string().trim().min(1, `checks.institution.${missingKey}`).max(max, tooLong(max));
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(max, tooLong(max)).nullable().optional());

const contactSchema = z
  .object({
    name: optionalText(120),
    email: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.email("checks.institution.email_invalid").max(254).nullable().optional()),
    phone: optionalText(40),
  })
  .superRefine((c, ctx) => {
    if (c.name && !c.email) ctx.addIssue({ code: "custom", path: ["email"], message: "checks.institution.contact_email_missing" });
    if (c.email && !c.name) ctx.addIssue({ code: "custom", path: ["name"], message: "checks.institution.contact_name_missing" });
  });

export const institutionFormSchema = z.object({
  name: requiredText(200, "name_required"),
  kind: institutionKindSchema,
  ura: uraSchema,
  agb: optionalAgbSchema,
  kvk: optionalKvkSchema,
  city: requiredText(100, "city_required"),
  province: provinceSchema,
  vendor: optionalVendorCodeSchema,
  groupName: optionalText(100),
  contacts: z.object({ project_lead: contactSchema, ciso: contactSchema, fg: contactSchema, technical: contactSchema }),
});
export type InstitutionFormInput = z.input<typeof institutionFormSchema>;
export type InstitutionFormValues = z.output<typeof institutionFormSchema>;
