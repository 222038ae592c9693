/**
 * The institution form (programme admins): one schema for the form and the server action.
 * Identifier rules come from identifiers.ts, so the form, the CSV import and the API agree.
 */
import { z } from "zod";
import { institutionKindSchema, optionalAgbSchema, optionalKvkSchema, optionalVendorCodeSchema, provinceSchema, uraSchema } from "./identifiers";

const requiredText = (max: number, missing: string) => z.string().trim().min(1, missing).max(max, `Maximaal ${max} tekens`);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(max, `Maximaal ${max} tekens`).nullable().optional());

const contactSchema = z
  .object({
    name: optionalText(120),
    email: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.email("Dit is geen geldig e-mailadres").max(254).nullable().optional()),
    phone: optionalText(40),
  })
  .superRefine((c, ctx) => {
    if (c.name && !c.email) ctx.addIssue({ code: "custom", path: ["email"], message: "Vul ook het e-mailadres van deze contactpersoon in" });
    if (c.email && !c.name) ctx.addIssue({ code: "custom", path: ["name"], message: "Vul ook de naam van deze contactpersoon in" });
  });

export const institutionFormSchema = z.object({
  name: requiredText(200, "Vul de naam van de instelling in"),
  kind: institutionKindSchema,
  ura: uraSchema,
  agb: optionalAgbSchema,
  kvk: optionalKvkSchema,
  city: requiredText(100, "Vul de plaats in"),
  province: provinceSchema,
  vendor: optionalVendorCodeSchema,
  groupName: optionalText(100),
  contacts: z.object({ project_lead: contactSchema, ciso: contactSchema, fg: contactSchema, technical: contactSchema }),
});
export type InstitutionFormInput = z.input<typeof institutionFormSchema>;
export type InstitutionFormValues = z.output<typeof institutionFormSchema>;
