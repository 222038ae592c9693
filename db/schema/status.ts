/**
 * The public status page (issue 16 §1+§2): incident posts with their timed updates, planned
 * maintenance announcements and the subscriptions of people and systems who want to hear about
 * them. Public pages read these; programme admins and vendor editors write them.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { vendors } from "./institutions";
import { users } from "./users";

/** onderzoek / geïdentificeerd / hersteld. */
export const statusIncidentState = pgEnum("status_incident_state", ["investigating", "identified", "resolved"]);

export const statusIncidents = pgTable(
  "status_incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorCode: text("vendor_code")
      .notNull()
      .references(() => vendors.code),
    title: text("title").notNull(),
    state: statusIncidentState("state").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
  },
  (t) => [index("status_incidents_vendor_idx").on(t.vendorCode, t.openedAt), index("status_incidents_opened_idx").on(t.openedAt), check("status_incidents_title_length", sql`char_length(${t.title}) <= 200`)],
);

/** Every post on an incident, the first one included; append-only. */
export const statusIncidentUpdates = pgTable(
  "status_incident_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => statusIncidents.id),
    state: statusIncidentState("state").notNull(),
    message: text("message").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
  },
  (t) => [index("status_incident_updates_incident_idx").on(t.incidentId, t.at), check("status_incident_updates_message_length", sql`char_length(${t.message}) <= 4000`)],
);

/** A planned maintenance announcement for one infrastructure. Cancelling keeps the row. */
export const statusMaintenance = pgTable(
  "status_maintenance",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vendorCode: text("vendor_code")
      .notNull()
      .references(() => vendors.code),
    title: text("title").notNull(),
    message: text("message").notNull().default(""),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    index("status_maintenance_window_idx").on(t.endsAt, t.startsAt),
    check("status_maintenance_order", sql`${t.startsAt} < ${t.endsAt}`),
    check("status_maintenance_title_length", sql`char_length(${t.title}) <= 200`),
  ],
);

export const statusSubscriptionChannel = pgEnum("status_subscription_channel", ["email", "webhook"]);

/**
 * Someone who wants status updates: an e-mail address (double opt-in: confirmedAt stays null
 * until the link in the confirmation mail is followed) or a webhook URL. No account. Tokens in
 * links are HMACs of the id (lib/status/subscriptions.ts), so nothing secret is stored but the
 * webhook's signing secret. `vendorCodes` are the infrastructures followed.
 */
export const statusSubscriptions = pgTable(
  "status_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: statusSubscriptionChannel("channel").notNull(),
    target: text("target").notNull(),
    vendorCodes: text("vendor_codes").array().notNull(),
    locale: text("locale").notNull().default("nl"),
    /** The webhook's signing secret (shown once when subscribing); null for e-mail. */
    secret: text("secret"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** The client address that asked, for the subscribe form's rate limit. */
    createdIp: text("created_ip"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
  },
  (t) => [index("status_subscriptions_target_idx").on(t.target), index("status_subscriptions_ip_idx").on(t.createdIp, t.createdAt), check("status_subscriptions_target_length", sql`char_length(${t.target}) <= 2048`)],
);

/**
 * The automatic state (lib/domain/status.ts infrastructureStatus) each infrastructure had when
 * it was last looked at, so that a change can be told to the subscribers once.
 */
export const statusInfrastructureStates = pgTable("status_infrastructure_states", {
  vendorCode: text("vendor_code")
    .primaryKey()
    .references(() => vendors.code),
  state: text("state").notNull(),
  since: timestamp("since", { withTimezone: true }).notNull(),
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
});

export type StatusIncident = typeof statusIncidents.$inferSelect;
export type StatusIncidentUpdate = typeof statusIncidentUpdates.$inferSelect;
export type StatusMaintenance = typeof statusMaintenance.$inferSelect;
export type StatusSubscription = typeof statusSubscriptions.$inferSelect;
