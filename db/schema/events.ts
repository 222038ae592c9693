import { sql } from "drizzle-orm";
import { check, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { users } from "./users";

/** Binary content: postgres.js gives a Buffer, PGlite a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Who an event is for (issue 18 §3); an absent field means "any". `roles` empty: every role.
 * The same shape as an announcement's audience (issue 18 §2): role, vendor, institution kind,
 * province and onboarding phase of the person's institution.
 */
export type EventAudience = {
  roles: string[];
  vendor?: string;
  kind?: string;
  province?: string;
  phase?: string;
};

/**
 * Information sessions, webinars and working groups, managed by the programme office. Place or
 * link (or both); `capacity` null = no limit. Times are instants; pages show them in Amsterdam time.
 */
export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    location: text("location"),
    link: text("link"),
    capacity: integer("capacity"),
    audience: jsonb("audience").$type<EventAudience>().notNull(),
    /** Bumped on every change: the SEQUENCE of the .ics file, so calendars take the update. */
    version: integer("version").notNull().default(1),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_starts_idx").on(t.startsAt),
    check("events_kind", sql`${t.kind} in ('info_session','webinar','working_group')`),
    check("events_period", sql`${t.endsAt} > ${t.startsAt}`),
    check("events_capacity", sql`${t.capacity} is null or ${t.capacity} > 0`),
    check("events_place", sql`${t.location} is not null or ${t.link} is not null`),
  ],
);

/**
 * A person's registration. status: registered (has a seat; for a working group: a member),
 * waiting (in line by `queuedAt`), cancelled. One row per person and event: registering again
 * after a cancellation reuses it, at the back of the line.
 */
export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The institution the person registered for (their membership's), if any. */
    institutionId: uuid("institution_id").references(() => institutions.id),
    status: text("status").notNull(),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull(),
    promotedAt: timestamp("promoted_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** The day-before reminder was handed to notifications (once per registration). */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("event_registrations_key").on(t.eventId, t.userId),
    index("event_registrations_event_idx").on(t.eventId, t.status, t.queuedAt),
    index("event_registrations_user_idx").on(t.userId),
    check("event_registrations_status", sql`${t.status} in ('registered','waiting','cancelled')`),
  ],
);

/** Documents of a working group (agendas, minutes, drafts): PDF or image, checked like evidence. */
export const eventDocuments = pgTable(
  "event_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("event_documents_event_idx").on(t.eventId, t.uploadedAt)],
);

export type Event = typeof events.$inferSelect;
export type EventRegistration = typeof eventRegistrations.$inferSelect;
