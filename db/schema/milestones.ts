import { date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The stored shape of a milestone's metric. lib/domain/milestones.ts (MilestoneMetric) narrows the
 * codes to its step and vendor codes; lib/dashboard/queries.ts toDomainMilestone turns a row into a
 * domain milestone. (db/ imports nothing from lib/.)
 */
export type StoredMilestoneMetric =
  | { kind: "manual" }
  | { kind: "institutions_live"; vendors: readonly string[] | null }
  | { kind: "institutions_precondition_met"; precondition: string; vendors: readonly string[] | null }
  | { kind: "infrastructures_live"; vendors: readonly string[] };

/**
 * Programme milestones as editable data (target vs actual on the dashboard). Seeded from
 * DEFAULT_MILESTONES in lib/domain/milestones.ts (insert-if-missing, so edits survive restarts);
 * the programme office edits date, target, achieved date and titles. The metric (what is
 * counted) is structural and stays as seeded.
 */
export const programmeMilestones = pgTable("programme_milestones", {
  code: text("code").primaryKey(),
  sortOrder: integer("sort_order").notNull(),
  date: date("date", { mode: "string" }).notNull(),
  titleNl: text("title_nl").notNull(),
  titleEn: text("title_en").notNull(),
  descriptionNl: text("description_nl").notNull(),
  descriptionEn: text("description_en").notNull(),
  metric: jsonb("metric").$type<StoredMilestoneMetric>().notNull(),
  /** Count to reach; null for manual milestones. */
  target: integer("target"),
  /** Manual milestones: the day it was delivered. */
  achievedOn: date("achieved_on", { mode: "string" }),
  /** Removed by the programme office: kept (the seed never re-adds a code) but not shown or counted. */
  removedAt: timestamp("removed_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id),
});

export type ProgrammeMilestone = typeof programmeMilestones.$inferSelect;
