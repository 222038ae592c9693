"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requireSignedIn } from "@/lib/auth/session";
import { kindsForRoles } from "@/lib/domain/notifications";
import { updatePreferences } from "@/lib/notifications/service";
import { preferencesSchema, type PreferencesInput } from "@/lib/validation/notifications";

/** The caller's own notification preferences: per kind (of their roles) immediately / digest / off, and the digest hour. */
export async function savePreferencesAction(input: PreferencesInput) {
  return runAction(async () => {
    const actor = await requireSignedIn();
    const v = preferencesSchema.parse(input);
    const allowed = new Set(kindsForRoles(actor.memberships.map((m) => m.role)));
    const modes = Object.fromEntries(Object.entries(v.modes).filter(([k]) => allowed.has(k as never)));
    await updatePreferences(getDb(), { actor: auditActor(actor), userId: actor.userId, modes, digestHour: v.digestHour, now: new Date() });
    revalidatePath("/account/notifications");
    return { message: (await getTranslations("notifications.prefs"))("saved") };
  });
}
