import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { users } from "./users";

/**
 * Every change of an institution's planned date (issue 17 §3): who, when, old → new, why. The
 * current plan stays in institution_plans; this is its append-only history, so slips (a plan
 * moved later) can be counted and shown. Written by the portal's plan editor and by the intake form.
 */
export const institutionPlanChanges = pgTable(
  "institution_plan_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    planKey: text("plan_key").notNull(),
    /** null: the first plan for this key. */
    fromDate: date("from_date", { mode: "string" }),
    /** null: the plan was removed. */
    toDate: date("to_date", { mode: "string" }),
    reason: text("reason"),
    source: text("source").notNull().default("portal"),
    changedBy: uuid("changed_by").references(() => users.id),
    changedByLabel: text("changed_by_label").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("institution_plan_changes_institution_idx").on(t.institutionId, t.planKey, t.at),
    check("institution_plan_changes_key", sql`${t.planKey} in ('twiin_signed','mitz_connected','dpia_completed','go_live')`),
    check("institution_plan_changes_source", sql`${t.source} in ('portal','intake')`),
  ],
);

/** Links of an escalation or a decision to the things it is about. */
export type StoredLinks = { institutionIds: string[]; vendorCodes: string[]; milestoneCodes: string[]; escalationIds?: string[] };

/**
 * The escalation register (issue 17 §4): issues and risks that need action beyond one
 * institution. `level` rises programme → stuurgroep → dto; every change is an escalation_events row.
 */
export const escalations = pgTable(
  "escalations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human number (E-12) for meetings and the DTO report. */
    number: integer("number").generatedAlwaysAsIdentity().notNull().unique(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    owner: text("owner").notNull(),
    dueOn: date("due_on", { mode: "string" }),
    level: text("level").notNull().default("programme"),
    status: text("status").notNull().default("open"),
    links: jsonb("links").$type<StoredLinks>().notNull(),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("escalations_status_level_idx").on(t.status, t.level),
    check("escalations_kind", sql`${t.kind} in ('issue','risk')`),
    check("escalations_level", sql`${t.level} in ('programme','stuurgroep','dto')`),
    check("escalations_status", sql`${t.status} in ('open','in_progress','resolved','closed')`),
  ],
);

/** The history of an escalation: created, edited, escalated (with a note), status changes. */
export const escalationEvents = pgTable(
  "escalation_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    escalationId: uuid("escalation_id")
      .notNull()
      .references(() => escalations.id),
    action: text("action").notNull(),
    fromLevel: text("from_level"),
    toLevel: text("to_level"),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    note: text("note"),
    changes: jsonb("changes").$type<{ field: string; from: unknown; to: unknown }[]>(),
    actorId: uuid("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("escalation_events_escalation_idx").on(t.escalationId, t.at),
    check("escalation_events_action", sql`${t.action} in ('created','updated','escalated','status')`),
  ],
);

/** The decision log: what a forum decided on which date, with links. */
export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: integer("number").generatedAlwaysAsIdentity().notNull().unique(),
    decidedOn: date("decided_on", { mode: "string" }).notNull(),
    forum: text("forum").notNull(),
    decision: text("decision").notNull(),
    links: jsonb("links").$type<StoredLinks>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("decisions_decided_on_idx").on(t.decidedOn), check("decisions_forum", sql`${t.forum} in ('programme','stuurgroep','dto')`)],
);

export type InstitutionPlanChange = typeof institutionPlanChanges.$inferSelect;
export type Escalation = typeof escalations.$inferSelect;
export type EscalationEvent = typeof escalationEvents.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
