import { sql } from "drizzle-orm";
import { bigserial, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The kinds a notification can have (issue 18 §1). A text column, not a database enum, so a new
 * kind needs no migration; lib/domain/notifications.ts (NOTIFICATION_KINDS) is the list, and each
 * kind has messages `notifications.kinds.<kind>` and `notifications.text.<kind>`.
 */
export type StoredNotificationKind = string;

/** How a notification reached (or will reach) the user's mailbox, decided by their preference when it was created. */
export type StoredNotificationMail = "immediate" | "digest" | "none";

/**
 * Every notification to every user, once: (user, dedupe key) is unique, so a repeated event (a
 * retried job, a second worker, a double click) records nothing new. `params` are the values of
 * the kind's message (codes and dates, never sentences); `link` is a path inside the portal.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<StoredNotificationKind>().notNull(),
    params: jsonb("params").$type<Record<string, string | number>>().notNull(),
    link: text("link").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    mail: text("mail").$type<StoredNotificationMail>().notNull(),
    /** Set when a digest containing this notification was queued. */
    digestedAt: timestamp("digested_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe").on(t.userId, t.dedupeKey),
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    index("notifications_digest_idx").on(t.userId).where(sql`${t.mail} = 'digest' and ${t.digestedAt} is null`),
  ],
);

/** A user's choice per kind; a kind without a row uses the kind's default (lib/domain/notifications.ts). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    mode: text("mode").$type<"immediate" | "digest" | "off">().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** The hour (Europe/Amsterdam) of a user's daily digest, and the last day one was sent. */
export const notificationSettings = pgTable("notification_settings", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  digestHour: smallint("digest_hour").notNull().default(7),
  lastDigestOn: date("last_digest_on", { mode: "string" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Who an announcement is for; empty lists mean "any". Roles are required. */
export type AnnouncementAudience = {
  roles: string[];
  vendor?: string;
  kind?: string;
  province?: string;
  phase?: string;
  /** A precondition code the institution has not met yet (e.g. mitz_connected). */
  unmet?: string;
};

/** News from the programme office to an audience (issue 18 §2). */
export const announcements = pgTable(
  "announcements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    audience: jsonb("audience").$type<AnnouncementAudience>().notNull(),
    recipientCount: integer("recipient_count").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    publishedBy: uuid("published_by").references(() => users.id),
  },
  (t) => [index("announcements_published_idx").on(t.publishedAt)],
);

/** The audience of an announcement as it was when published, and who has opened it. */
export const announcementRecipients = pgTable(
  "announcement_recipients",
  {
    announcementId: uuid("announcement_id")
      .notNull()
      .references(() => announcements.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.announcementId, t.userId] }), index("announcement_recipients_user_idx").on(t.userId)],
);

export type Notification = typeof notifications.$inferSelect;
export type Announcement = typeof announcements.$inferSelect;
