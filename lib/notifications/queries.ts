/** Reads of the notification centre, always for one user (the caller). */
import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { notificationPreferences, notifications, notificationSettings } from "@/db/schema";
import { DEFAULT_DIGEST_HOUR, isNotificationMode, type NotificationKind, type NotificationMode } from "@/lib/domain/notifications";

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

export const NOTIFICATION_PAGE_SIZE = 50;

export async function listNotifications(db: Executor, opts: { userId: string; show: "all" | "unread" | "read"; page: number }) {
  const where = and(
    eq(notifications.userId, opts.userId),
    opts.show === "unread" ? isNull(notifications.readAt) : opts.show === "read" ? isNotNull(notifications.readAt) : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(where);
  const pages = Math.max(1, Math.ceil(total / NOTIFICATION_PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page), pages);
  const rows = await db
    .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, link: notifications.link, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(where)
    // Unread first (in "all"), then newest first.
    .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt), desc(notifications.id))
    .limit(NOTIFICATION_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATION_PAGE_SIZE);
  return { rows, total, page, pages };
}

/** One notification of the user (for "open": mark read, then follow its link), or null. */
export async function getOwnNotification(db: Executor, opts: { userId: string; id: number }) {
  const [row] = await db.select().from(notifications).where(and(eq(notifications.userId, opts.userId), eq(notifications.id, opts.id)));
  return row ?? null;
}

export async function loadPreferences(db: Executor, userId: string): Promise<{ modes: Partial<Record<NotificationKind, NotificationMode>>; digestHour: number }> {
  const [rows, [s]] = await Promise.all([
    db.select({ kind: notificationPreferences.kind, mode: notificationPreferences.mode }).from(notificationPreferences).where(eq(notificationPreferences.userId, userId)),
    db.select({ digestHour: notificationSettings.digestHour }).from(notificationSettings).where(eq(notificationSettings.userId, userId)),
  ]);
  const modes: Partial<Record<NotificationKind, NotificationMode>> = {};
  for (const r of rows) if (isNotificationMode(r.mode)) modes[r.kind as NotificationKind] = r.mode;
  return { modes, digestHour: s?.digestHour ?? DEFAULT_DIGEST_HOUR };
}
