"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { contactsFromForm, createInstitution, updateInstitution } from "@/lib/institutions/service";
import { institutionFormSchema, type InstitutionFormInput } from "@/lib/validation/institution";

export async function createInstitutionAction(input: InstitutionFormInput) {
  return runAction(async () => {
    const actor = await requirePermission("institution.manage");
    const values = institutionFormSchema.parse(input);
    const row = await createInstitution(getDb(), { actor: auditActor(actor), data: { ...values, contacts: contactsFromForm(values.contacts) }, now: new Date() });
    revalidatePath("/institutions");
    return { id: row.id };
  });
}

export async function updateInstitutionAction(id: string, input: InstitutionFormInput) {
  return runAction(async () => {
    const actor = await requirePermission("institution.manage");
    const institutionId = z.uuid().parse(id);
    const values = institutionFormSchema.parse(input);
    await updateInstitution(getDb(), { actor: auditActor(actor), id: institutionId, data: { ...values, contacts: contactsFromForm(values.contacts) }, now: new Date() });
    revalidatePath(`/institutions/${institutionId}`);
    return { id: institutionId };
  });
}
