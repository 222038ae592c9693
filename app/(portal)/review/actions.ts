"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { getLocale } from "@/lib/i18n/server";
import { localiseRefusal } from "@/lib/onboarding/refusal";
import { bulkVerifySteps } from "@/lib/onboarding/service";
import { bulkVerifySchema } from "@/lib/validation/onboarding";

export async function bulkVerifyAction(input: { items: { institutionId: string; stepCode: string; version: number }[] }) {
  return runAction(async () => {
    // step.verify is a programme-wide permission: it covers every institution in the list.
    const actor = await requirePermission("step.verify");
    const { items } = bulkVerifySchema.parse(input);
    const count = await bulkVerifySteps(getDb(), { actor: auditActor(actor), items, now: new Date() }).catch(async (e) => {
      throw localiseRefusal(e, await getLocale());
    });
    revalidatePath("/review");
    return { count };
  });
}
