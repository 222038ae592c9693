"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { runAction, formOf } from "@/lib/actions";
import { auditActor, requireInstitutionPermission, requirePermission } from "@/lib/auth/session";
import { confirmExchange, setGoLiveOverride, withdrawGoLiveOverride } from "@/lib/golive/service";
import { confirmExchangeSchema, overrideSchema } from "@/lib/validation/golive";

const fields = (fd: FormData, names: string[]) => Object.fromEntries(names.map((n) => [n, formOf(fd).get(n) ?? undefined]));

/**
 * "A real retrieval across infrastructures succeeded": by the vendor, a partner institution on
 * another infrastructure or the programme office. Who may confirm for whom is checked in
 * lib/golive/service.ts inside the transaction (mayConfirmExchange).
 */
export async function confirmExchangeAction(fd: FormData) {
  const res = await runAction(async () => {
    const actor = await requirePermission("golive.confirm");
    const values = confirmExchangeSchema.parse(fields(fd, ["institutionId", "exchangedOn", "confirmerKind", "partnerInstitutionId", "note"]));
    await confirmExchange(getDb(), { actor, auditActor: auditActor(actor), values, now: new Date() });
    revalidatePath(`/institutions/${values.institutionId}`);
    return null;
  });
  return res.ok ? { ...res, message: (await getTranslations("golive"))("confirm_saved") } : res;
}

/** A programme admin's override of a closed gate, with a written reason (audited). */
export async function setOverrideAction(fd: FormData) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("golive.override", formOf(fd).get("institutionId"));
    const values = overrideSchema.parse(fields(fd, ["institutionId", "reason"]));
    await setGoLiveOverride(getDb(), { actor: auditActor(actor), institutionId: institution.id, reason: values.reason, now: new Date() });
    revalidatePath(`/institutions/${institution.id}`);
    return null;
  });
  return res.ok ? { ...res, message: (await getTranslations("golive"))("override_saved") } : res;
}

export async function withdrawOverrideAction(institutionId: string) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("golive.override", institutionId);
    await withdrawGoLiveOverride(getDb(), { actor: auditActor(actor), institutionId: institution.id, now: new Date() });
    revalidatePath(`/institutions/${institution.id}`);
    return null;
  });
  return res.ok ? { ...res, message: (await getTranslations("golive"))("override_withdrawn") } : res;
}
