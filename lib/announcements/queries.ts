/**
 * Reads of announcements (issue 18 §2): the audience's memberships with their institutions'
 * facts (for lib/domain/announcements.ts), the programme office's list with opened counts, and
 * a recipient's unread announcements for their home page.
 */
import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { announcementRecipients, announcements, institutionReadiness, institutions, memberships, users } from "@/db/schema";
import { resolveAudience, type AnnouncementAudience, type AudienceMember } from "@/lib/domain/announcements";
import { isUuid } from "@/lib/validation/uuid";

/** Every membership of an active user, with its institution's vendor, kind, province, phase and met preconditions. */
export async function audienceMembers(db: Executor): Promise<AudienceMember[]> {
  const rows = await db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      ownVendor: memberships.vendorCode,
      institutionId: memberships.institutionId,
      vendorCode: institutions.vendorCode,
      kind: institutions.kind,
      province: institutions.province,
      phase: institutionReadiness.phase,
      agreements: institutionReadiness.agreementsMet,
      mitzConnected: institutionReadiness.mitzConnectedMet,
      mitzFilled: institutionReadiness.mitzFilledMet,
    })
    .from(memberships)
    .innerJoin(users, and(eq(users.id, memberships.userId), isNull(users.disabledAt)))
    .leftJoin(institutions, eq(institutions.id, memberships.institutionId))
    .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, memberships.institutionId));
  return rows.map((r) => {
    const inst = r.institutionId !== null;
    return {
      userId: r.userId,
      role: r.role,
      vendorCode: inst ? r.vendorCode : r.ownVendor,
      kind: r.kind ?? null,
      province: r.province ?? null,
      // An institution without a readiness row has not started: nothing met yet.
      phase: inst ? (r.phase ?? "not_started") : null,
      met: inst ? { agreements: r.agreements ?? false, mitz_connected: r.mitzConnected ?? false, mitz_filled: r.mitzFilled ?? false } : null,
    };
  });
}

/** The users an audience reaches now. */
export async function audienceUserIds(db: Executor, audience: AnnouncementAudience): Promise<string[]> {
  return resolveAudience(audience, await audienceMembers(db));
}

export const ANNOUNCEMENT_PAGE_SIZE = 25;

/** All announcements, newest first, with how many of their audience opened them (programme office). */
export async function listAnnouncements(db: Executor, opts: { page: number }) {
  const [{ total }] = await db.select({ total: count() }).from(announcements);
  const pages = Math.max(1, Math.ceil(total / ANNOUNCEMENT_PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page), pages);
  const rows = await db
    .select({
      id: announcements.id,
      title: announcements.title,
      audience: announcements.audience,
      recipientCount: announcements.recipientCount,
      publishedAt: announcements.publishedAt,
      publishedBy: users.name,
      opened: sql<number>`(select count(*)::int from ${announcementRecipients} r where r.announcement_id = ${announcements.id} and r.read_at is not null)`,
    })
    .from(announcements)
    .leftJoin(users, eq(users.id, announcements.publishedBy))
    .orderBy(desc(announcements.publishedAt), desc(announcements.id))
    .limit(ANNOUNCEMENT_PAGE_SIZE)
    .offset((page - 1) * ANNOUNCEMENT_PAGE_SIZE);
  return { rows, total, page, pages };
}

/** One announcement with its opened count (programme office), or null. */
export async function getAnnouncement(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(announcements).where(eq(announcements.id, id));
  if (!row) return null;
  const [{ opened }] = await db
    .select({ opened: count() })
    .from(announcementRecipients)
    .where(and(eq(announcementRecipients.announcementId, id), isNotNull(announcementRecipients.readAt)));
  return { ...row, opened };
}

/** The caller's own copy of an announcement (as a recipient), or null when they are not in its audience. */
export async function getReceivedAnnouncement(db: Executor, opts: { id: string; userId: string }) {
  if (!isUuid(opts.id)) return null;
  const [row] = await db
    .select({ id: announcements.id, title: announcements.title, body: announcements.body, publishedAt: announcements.publishedAt, readAt: announcementRecipients.readAt })
    .from(announcementRecipients)
    .innerJoin(announcements, eq(announcements.id, announcementRecipients.announcementId))
    .where(and(eq(announcementRecipients.announcementId, opts.id), eq(announcementRecipients.userId, opts.userId)));
  return row ?? null;
}

/** The caller's unread announcements, newest first (their home page shows them until read). */
export async function unreadAnnouncements(db: Executor, userId: string, limit = 10) {
  return db
    .select({ id: announcements.id, title: announcements.title, body: announcements.body, publishedAt: announcements.publishedAt })
    .from(announcementRecipients)
    .innerJoin(announcements, eq(announcements.id, announcementRecipients.announcementId))
    .where(and(eq(announcementRecipients.userId, userId), isNull(announcementRecipients.readAt)))
    .orderBy(desc(announcements.publishedAt))
    .limit(limit);
}
