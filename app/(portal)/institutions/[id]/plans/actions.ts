"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requireInstitutionPermission } from "@/lib/auth/session";
import { setPlannedDate } from "@/lib/planning/service";
import type { PlanEditInput } from "@/lib/validation/planning";

/** Sets or removes one planned date of an institution; the change joins the plan's history. */
export async function savePlanAction(input: PlanEditInput) {
  return runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("institution.report", input?.institutionId);
    await setPlannedDate(getDb(), { actor: auditActor(actor), input: { ...input, institutionId: institution.id }, now: new Date() });
    revalidatePath(`/institutions/${institution.id}`);
    revalidatePath("/dashboard");
    const t = await getTranslations("planning");
    return { message: t("saved") };
  });
}
