/**
 * The notification centre (issue 18 §1): `notify` records one in-app notification per user and,
 * per the user's preference for the kind (lib/domain/notifications.ts), queues an e-mail in the
 * outbox (notification_deliveries, sent and retried by deliverDueNotifications) right away or
 * keeps it for the daily digest. Call it inside the transaction of the change it reports, so
 * both are written or neither. (user, dedupeKey) is unique: a repeated event adds nothing.
 *
 * Mails are rendered in the recipient's language (users.locale) with a link to the exact page and
 * a link to the preferences page (where each kind can be switched to digest or off).
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Executor, Tx } from "@/db/client";
import { announcementRecipients, memberships, notificationDeliveries, notificationPreferences, notifications, notificationSettings, users } from "@/db/schema";
import { amsterdamHour, DEFAULT_DIGEST_HOUR, digestDue, mailDecision, type NotificationKind, type NotificationMode } from "@/lib/domain/notifications";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/messages";
import type { Role } from "@/lib/auth/roles";
import { renderDigest, renderImmediateMail } from "./render";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { loadPreferences } from "./queries";

export type NotifyInput = {
  kind: NotificationKind;
  userIds: readonly string[];
  /** The values of the kind's messages: codes, names, numbers and YYYY-MM-DD dates. */
  params: Record<string, string | number>;
  /** A path inside the portal: the exact page the notification is about. */
  link: string;
  /** The event's identity; with the user it makes the notification unique. */
  dedupeKey: string;
  now: Date;
  /** Users not to notify (the person who caused the event). */
  except?: string | null;
};

/** Records the notifications and queues the immediate mails; returns the user ids newly notified. */
export async function notify(tx: Executor, input: NotifyInput): Promise<string[]> {
  const ids = [...new Set(input.userIds)].filter((id) => id !== input.except);
  if (ids.length === 0) return [];
  const people = await tx
    .select({ id: users.id, email: users.email, locale: users.locale, disabledAt: users.disabledAt, mode: notificationPreferences.mode })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, input.kind)))
    .where(inArray(users.id, ids));
  if (people.length === 0) return [];
  const decided = people.map((p) => ({ ...p, mail: mailDecision({ kind: input.kind, preference: p.mode as NotificationMode | null, canReceiveMail: p.disabledAt === null }) }));
  const inserted = await tx
    .insert(notifications)
    .values(decided.map((p) => ({ userId: p.id, kind: input.kind, params: input.params, link: input.link, dedupeKey: input.dedupeKey, mail: p.mail, createdAt: input.now })))
    .onConflictDoNothing()
    .returning({ id: notifications.id, userId: notifications.userId });
  const byUser = new Map(decided.map((p) => [p.id, p]));
  const mails = inserted.flatMap((n) => {
    const p = byUser.get(n.userId)!;
    if (p.mail !== "immediate") return [];
    const locale: Locale = isLocale(p.locale) ? p.locale : DEFAULT_LOCALE;
    const m = renderImmediateMail({ kind: input.kind, params: input.params, link: input.link }, locale);
    return [{ eventKey: `notification:${n.id}`, target: p.email, payload: { event: "notification", notificationId: n.id, kind: input.kind, locale, subject: m.subject, text: m.text } }];
  });
  await enqueueMails(tx, mails, input.now);
  return inserted.map((n) => n.userId);
}

/** Queues ready-rendered mails in the outbox (one row per mail; the dedupe key makes it once). */
async function enqueueMails(tx: Executor, mails: { eventKey: string; target: string; payload: Record<string, unknown> }[], at: Date) {
  if (mails.length === 0) return;
  await tx
    .insert(notificationDeliveries)
    .values(
      mails.map((m) => ({
        dedupKey: `${m.eventKey}|email|${m.target}`,
        eventKey: m.eventKey,
        kind: "notification" as const,
        channel: "email" as const,
        target: m.target,
        payload: m.payload,
        nextAttemptAt: at,
        createdAt: at,
      })),
    )
    .onConflictDoNothing();
}

// ---------------------------------------------------------------------------------------------
// Recipients

/** Active users with one of these roles, optionally for one institution or one vendor. */
export async function usersWithRole(tx: Executor, opts: { roles: readonly Role[]; institutionId?: string; vendorCode?: string | null }): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(memberships.role, [...opts.roles]),
        isNull(users.disabledAt),
        opts.institutionId ? eq(memberships.institutionId, opts.institutionId) : undefined,
        opts.vendorCode ? eq(memberships.vendorCode, opts.vendorCode) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

/** The people of an institution who hear about its endpoints: its editors and security officers, and the editors of its vendor. */
export async function endpointAudience(tx: Executor, institutionId: string, vendorCode: string | null) {
  const own = await usersWithRole(tx, { roles: ["institution_editor", "security_officer"], institutionId });
  const vendor = vendorCode ? await usersWithRole(tx, { roles: ["vendor_editor"], vendorCode }) : [];
  return [...own, ...vendor];
}

// ---------------------------------------------------------------------------------------------
// Reading and marking (the bell, /notifications)

export async function markRead(db: Db, opts: { userId: string; ids: number[] | "all"; now: Date }) {
  await db
    .update(notifications)
    .set({ readAt: opts.now })
    .where(and(eq(notifications.userId, opts.userId), isNull(notifications.readAt), opts.ids === "all" ? undefined : inArray(notifications.id, opts.ids.length ? opts.ids : [-1])));
}

/**
 * The user opens one of their notifications: it becomes read, and an announcement's notification
 * also counts the announcement as opened. Returns the link to follow, or null when the
 * notification is not the user's.
 */
export async function openNotification(db: Db, opts: { userId: string; id: number; now: Date }): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${opts.now.toISOString()}::timestamptz)` })
      .where(and(eq(notifications.userId, opts.userId), eq(notifications.id, opts.id)))
      .returning({ kind: notifications.kind, params: notifications.params, link: notifications.link });
    if (!row) return null;
    if (row.kind === "announcement" && typeof row.params.announcementId === "string") {
      await tx
        .update(announcementRecipients)
        .set({ readAt: opts.now })
        .where(and(eq(announcementRecipients.announcementId, row.params.announcementId), eq(announcementRecipients.userId, opts.userId), isNull(announcementRecipients.readAt)));
    }
    return row.link;
  });
}

export async function markUnread(db: Db, opts: { userId: string; id: number }) {
  await db.update(notifications).set({ readAt: null }).where(and(eq(notifications.userId, opts.userId), eq(notifications.id, opts.id)));
}

// ---------------------------------------------------------------------------------------------
// Preferences

export async function savePreferences(tx: Tx, opts: { userId: string; modes: Partial<Record<NotificationKind, NotificationMode>>; digestHour: number; now: Date }) {
  const rows = Object.entries(opts.modes).map(([kind, mode]) => ({ userId: opts.userId, kind, mode: mode!, updatedAt: opts.now }));
  if (rows.length)
    await tx
      .insert(notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { mode: sql`excluded.mode`, updatedAt: opts.now } });
  await tx
    .insert(notificationSettings)
    .values({ userId: opts.userId, digestHour: opts.digestHour, updatedAt: opts.now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { digestHour: opts.digestHour, updatedAt: opts.now } });
}

/** The user saves their preferences on /account/notifications: the rows and the audit event in one transaction. */
export async function updatePreferences(db: Db, opts: { actor: AuditActor; userId: string; modes: Partial<Record<NotificationKind, NotificationMode>>; digestHour: number; now: Date }) {
  await db.transaction(async (tx) => {
    const before = await loadPreferences(tx, opts.userId);
    await savePreferences(tx, opts);
    await recordAudit(tx, {
      actor: opts.actor,
      action: "notification.preferences_update",
      entityType: "user",
      entityId: opts.userId,
      before,
      after: { modes: { ...before.modes, ...opts.modes }, digestHour: opts.digestHour },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The daily digest

/** At most this many waiting reports are listed in a digest; the rest are counted. */
const DIGEST_WAITING_LINES = 50;

/**
 * Queues the digest of every user whose hour has come today (Europe/Amsterdam) and who has not
 * had one today: their notifications kept for the digest, grouped by kind, and for reviewers the
 * reports waiting for verification with their age, oldest first. One transaction per user; the
 * outbox key `digest:<user>:<day>` makes a second worker's run a no-op. Returns the digests queued.
 */
export async function queueDueDigests(db: Db, opts: { now: Date }): Promise<number> {
  const today = toAmsterdamDate(opts.now);
  const hour = amsterdamHour(opts.now);
  // Candidates: users with kept notifications, and active reviewers (the waiting queue is read at digest time).
  const kept = await db.selectDistinct({ id: notifications.userId }).from(notifications).where(and(eq(notifications.mail, "digest"), isNull(notifications.digestedAt)));
  const reviewers = await usersWithRole(db, { roles: ["programme_admin"] });
  const candidates = [...new Set([...kept.map((k) => k.id), ...reviewers])];
  if (candidates.length === 0) return 0;
  const settings = new Map(
    (await db.select().from(notificationSettings).where(inArray(notificationSettings.userId, candidates))).map((s) => [s.userId, s]),
  );
  const due = candidates.filter((id) => {
    const s = settings.get(id);
    return digestDue({ today, hour, digestHour: s?.digestHour ?? DEFAULT_DIGEST_HOUR, lastDigestOn: s?.lastDigestOn ?? null });
  });
  let queued = 0;
  for (const userId of due) {
    const sent = await db.transaction(async (tx) => {
      const [u] = await tx.select({ email: users.email, locale: users.locale, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
      if (!u) return false;
      const items = await tx
        .select({ id: notifications.id, kind: notifications.kind, params: notifications.params, link: notifications.link, createdAt: notifications.createdAt })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.mail, "digest"), isNull(notifications.digestedAt)))
        .orderBy(notifications.createdAt)
        .for("update", { skipLocked: true });
      const isReviewer = reviewers.includes(userId);
      const [pref] = isReviewer
        ? await tx.select({ mode: notificationPreferences.mode }).from(notificationPreferences).where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, "report_waiting")))
        : [];
      const wantsQueue = isReviewer && mailDecision({ kind: "report_waiting", preference: pref?.mode ?? null, canReceiveMail: true }) === "digest";
      const queue = wantsQueue ? await listReviewQueue(tx, {}) : [];
      const waiting = { rows: queue.slice(0, DIGEST_WAITING_LINES), total: queue.length };
      await tx
        .insert(notificationSettings)
        .values({ userId, digestHour: settings.get(userId)?.digestHour ?? DEFAULT_DIGEST_HOUR, lastDigestOn: today, updatedAt: opts.now })
        .onConflictDoUpdate({ target: notificationSettings.userId, set: { lastDigestOn: today } });
      if (items.length) await tx.update(notifications).set({ digestedAt: opts.now }).where(inArray(notifications.id, items.map((i) => i.id)));
      if (u.disabledAt || (items.length === 0 && waiting.total === 0)) return false;
      const locale: Locale = isLocale(u.locale) ? u.locale : DEFAULT_LOCALE;
      const mail = renderDigest({ items: items as { kind: NotificationKind; params: Record<string, string | number>; link: string }[], waiting, today }, locale);
      await enqueueMails(tx, [{ eventKey: `digest:${userId}:${today}`, target: u.email, payload: { event: "digest", locale, subject: mail.subject, text: mail.text } }], opts.now);
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}
