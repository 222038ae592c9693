"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { createMilestone, removeMilestone, updateMilestone } from "@/lib/dashboard/milestones";
import { milestoneRemoveSchema, type MilestoneCreateInput, type MilestoneEditInput } from "@/lib/dashboard/milestone-input";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { getTranslations } from "@/lib/i18n/translations";

export async function updateMilestoneAction(input: MilestoneEditInput) {
  return runAction(async () => {
    const actor = await requirePermission("milestones.manage");
    const row = await updateMilestone(getDb(), { actor: auditActor(actor), input, today: toAmsterdamDate(new Date()) });
    revalidatePath("/dashboard");
    revalidatePath("/admin/milestones");
    const t = await getTranslations("dashboard");
    return { version: row.version, message: t("ms_saved") };
  });
}

export async function createMilestoneAction(input: MilestoneCreateInput) {
  return runAction(async () => {
    const actor = await requirePermission("milestones.manage");
    const row = await createMilestone(getDb(), { actor: auditActor(actor), input });
    revalidatePath("/dashboard");
    revalidatePath("/admin/milestones");
    const t = await getTranslations("dashboard");
    return { code: row.code, message: t("ms_created", { title: row.titleNl }) };
  });
}

export async function removeMilestoneAction(input: { code: string; version: number }) {
  return runAction(async () => {
    const actor = await requirePermission("milestones.manage");
    const values = milestoneRemoveSchema.parse(input ?? {});
    await removeMilestone(getDb(), { actor: auditActor(actor), code: values.code, version: values.version });
    revalidatePath("/dashboard");
    revalidatePath("/admin/milestones");
    const t = await getTranslations("dashboard");
    return { message: t("ms_removed") };
  });
}
