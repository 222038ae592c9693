"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { updateMilestone } from "@/lib/dashboard/milestones";
import type { MilestoneEditInput } from "@/lib/dashboard/milestone-input";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { getTranslations } from "next-intl/server";

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
