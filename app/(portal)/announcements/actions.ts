"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requirePermission, requireSignedIn } from "@/lib/auth/session";
import { audienceUserIds } from "@/lib/announcements/queries";
import { markAnnouncementRead, publishAnnouncement } from "@/lib/announcements/service";
import { normaliseAudience } from "@/lib/domain/announcements";
import { AppError } from "@/lib/errors";
import { audienceSchema, type AnnouncementInput, type AudienceInput } from "@/lib/validation/notifications";

/** How many people an audience reaches now (before publishing). */
export async function previewAudienceAction(input: AudienceInput) {
  return runAction(async () => {
    await requirePermission("announcements.manage");
    const a = audienceSchema.parse(input);
    const ids = await audienceUserIds(getDb(), normaliseAudience(a));
    return { count: ids.length };
  });
}

/** Publishes: the audience is resolved now, each member notified (e-mail per their preference). */
export async function publishAnnouncementAction(input: AnnouncementInput) {
  return runAction(async () => {
    const actor = await requirePermission("announcements.manage");
    const row = await publishAnnouncement(getDb(), { actor: auditActor(actor), input, now: new Date() });
    revalidatePath("/announcements");
    const t = await getTranslations("announcements");
    return { id: row.id, message: t("published", { count: row.recipientCount }) };
  });
}

/** A recipient marks an announcement read: it leaves their home page and counts as opened. */
export async function markAnnouncementReadAction(id: string) {
  return runAction(async () => {
    const actor = await requireSignedIn();
    const ok = await markAnnouncementRead(getDb(), { userId: actor.userId, id: z.uuid("errors.validation").parse(id), now: new Date() });
    if (!ok) throw new AppError("not_found");
    revalidatePath("/", "layout");
    return null;
  });
}
