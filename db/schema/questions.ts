import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { stepCatalogue } from "./onboarding";
import { users } from "./users";

/**
 * A question of an institution to the programme office (issue 18 §4): a thread, optionally about
 * one onboarding step. status: open (waiting for the programme office), answered, closed.
 */
export const questions = pgTable(
  "questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    stepCode: text("step_code").references(() => stepCatalogue.code),
    subject: text("subject").notNull(),
    status: text("status").notNull().default("open"),
    askedBy: uuid("asked_by").references(() => users.id),
    /** The programme colleague who handles it. */
    assignedTo: uuid("assigned_to").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [
    index("questions_institution_idx").on(t.institutionId, t.createdAt),
    index("questions_open_idx").on(t.status, t.createdAt),
    check("questions_status", sql`${t.status} in ('open','answered','closed')`),
  ],
);

/** The messages of a thread, oldest first; `fromProgramme` marks the programme office's answers. */
export const questionMessages = pgTable(
  "question_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    questionId: uuid("question_id")
      .notNull()
      .references(() => questions.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id),
    authorName: text("author_name").notNull(),
    fromProgramme: boolean("from_programme").notNull().default(false),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("question_messages_question_idx").on(t.questionId, t.id)],
);

/**
 * The knowledge base: FAQ articles in Markdown (rendered safely), in a category, searchable with
 * Postgres full-text search in Dutch (the expression index below; queries use the same expression).
 * `questionId`: the question whose answer it was published from.
 */
export const kbArticles = pgTable(
  "kb_articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    category: text("category").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    questionId: uuid("question_id").references(() => questions.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("kb_articles_search_idx").using("gin", sql`to_tsvector('dutch', ${t.title} || ' ' || ${t.body})`),
    index("kb_articles_category_idx").on(t.category, t.title),
    check("kb_articles_category", sql`${t.category} in ('onboarding','technical','security','financing','general')`),
  ],
);

export type Question = typeof questions.$inferSelect;
export type KbArticle = typeof kbArticles.$inferSelect;
