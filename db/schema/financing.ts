import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const financingRuleSetStatus = pgEnum("financing_rule_set_status", ["draft", "published"]);

/**
 * What a rule set version says besides its dates: the rules themselves, checked with
 * lib/validation/financing.ts on the way in and out (data, not code: the financiers change it).
 */
export type FinancingRuleSetDefinition = {
  title: { nl: string; en: string };
  packageConditions: string[];
  exclusions: { nl: string; en: string }[];
  rules: {
    code: string;
    kind: "annual" | "one_off" | "central_funding";
    title: { nl: string; en: string };
    description: { nl: string; en: string };
    amounts: Record<string, number | null>;
    conditions: string[];
    proRata: "monthly" | "none";
    fundedBy?: { nl: string; en: string };
  }[];
};

/**
 * Versions of the financing rule set. A published version is never changed: a new decision is
 * a new version with its own effective date. At most one draft at a time, edited by programme
 * admins and previewed ("what if") before it is published.
 */
export const financingRuleSets = pgTable(
  "financing_rule_sets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull(),
    status: financingRuleSetStatus("status").notNull().default("draft"),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveUntil: date("effective_until", { mode: "string" }),
    reviewDate: date("review_date", { mode: "string" }),
    definition: jsonb("definition").$type<FinancingRuleSetDefinition>().notNull(),
    changeNote: text("change_note").notNull().default(""),
    /** Bumped on every save: a form submitted from a stale page is refused. */
    revision: integer("revision").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid("published_by").references(() => users.id),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("financing_rule_sets_version_key").on(t.version),
    uniqueIndex("financing_rule_sets_one_draft_key").on(t.status).where(sql`status = 'draft'`),
    index("financing_rule_sets_effective_idx").on(t.effectiveFrom),
  ],
);

export type FinancingRuleSetRow = typeof financingRuleSets.$inferSelect;
