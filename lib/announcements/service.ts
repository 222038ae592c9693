/**
 * Writes of announcements (issue 18 §2). Publishing resolves the audience at that moment into
 * announcement_recipients, notifies each recipient with the kind "announcement" (so the e-mail
 * follows their preference: immediately, in the digest or not at all) and writes the audit event,
 * all in one transaction. Callers check `announcements.manage` first (reading is the recipient's own).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { announcementRecipients, announcements, notifications } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { normaliseAudience } from "@/lib/domain/announcements";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications/service";
import { announcementSchema, type AnnouncementInput } from "@/lib/validation/notifications";
import { audienceUserIds } from "./queries";

const CHUNK = 1000;

export async function publishAnnouncement(db: Db, opts: { actor: AuditActor; input: AnnouncementInput; now: Date }) {
  const v = announcementSchema.parse(opts.input);
  const audience = normaliseAudience({ roles: v.roles, vendor: v.vendor, kind: v.kind, province: v.province, phase: v.phase, unmet: v.unmet });
  return db.transaction(async (tx) => {
    const userIds = await audienceUserIds(tx, audience);
    if (userIds.length === 0) throw new AppError("validation", "announcements.v.empty_audience", { roles: ["announcements.v.empty_audience"] });
    const [row] = await tx
      .insert(announcements)
      .values({ title: v.title, body: v.body, audience: { ...audience, roles: [...audience.roles] }, recipientCount: userIds.length, publishedAt: opts.now, publishedBy: opts.actor.userId })
      .returning();
    for (let i = 0; i < userIds.length; i += CHUNK) {
      await tx.insert(announcementRecipients).values(userIds.slice(i, i + CHUNK).map((userId) => ({ announcementId: row.id, userId })));
    }
    await notify(tx, { kind: "announcement", userIds, params: { title: v.title, announcementId: row.id }, link: `/announcements/${row.id}`, dedupeKey: `announcement:${row.id}`, now: opts.now });
    await recordAudit(tx, { actor: opts.actor, action: "announcement.publish", entityType: "announcement", entityId: row.id, after: { title: v.title, audience, recipients: userIds.length } });
    return row;
  });
}

/** A recipient marks an announcement read (opened); its notification becomes read with it. False when they are not a recipient. */
export async function markAnnouncementRead(db: Db, opts: { userId: string; id: string; now: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [hit] = await tx
      .select({ readAt: announcementRecipients.readAt })
      .from(announcementRecipients)
      .where(and(eq(announcementRecipients.announcementId, opts.id), eq(announcementRecipients.userId, opts.userId)));
    if (!hit) return false;
    if (hit.readAt === null) {
      await tx
        .update(announcementRecipients)
        .set({ readAt: opts.now })
        .where(and(eq(announcementRecipients.announcementId, opts.id), eq(announcementRecipients.userId, opts.userId)));
    }
    await tx
      .update(notifications)
      .set({ readAt: opts.now })
      .where(and(eq(notifications.userId, opts.userId), eq(notifications.dedupeKey, `announcement:${opts.id}`), isNull(notifications.readAt)));
    return true;
  });
}
