/**
 * Reads of questions and the knowledge base (issue 18 §4). Questions are scoped to the caller's
 * institutions (programme office: all); the knowledge base is open to every signed-in role and
 * searched with Postgres full-text search in Dutch, on the same expression its GIN index holds.
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { institutions, kbArticles, memberships, questionMessages, questions, users } from "@/db/schema";
import { institutionScope, type Actor } from "@/lib/auth/policy";
import { institutionScopeWhere } from "@/lib/auth/scope-sql";
import { isUuid } from "@/lib/validation/uuid";

const asker = alias(users, "question_asker");
const assignee = alias(users, "question_assignee");

/** The questions the caller may read: open first, oldest first within a status. */
export async function listQuestionsFor(db: Executor, opts: { actor: Actor; status?: "open" | "answered" | "closed"; mine?: boolean }) {
  const scope = institutionScope(opts.actor, "questions.read");
  return db
    .select({
      id: questions.id,
      subject: questions.subject,
      status: questions.status,
      stepCode: questions.stepCode,
      createdAt: questions.createdAt,
      updatedAt: questions.updatedAt,
      answeredAt: questions.answeredAt,
      institutionId: questions.institutionId,
      institutionName: institutions.name,
      askerName: asker.name,
      assigneeName: assignee.name,
    })
    .from(questions)
    .innerJoin(institutions, eq(institutions.id, questions.institutionId))
    .leftJoin(asker, eq(asker.id, questions.askedBy))
    .leftJoin(assignee, eq(assignee.id, questions.assignedTo))
    .where(and(institutionScopeWhere(scope), opts.status ? eq(questions.status, opts.status) : undefined, opts.mine ? eq(questions.assignedTo, opts.actor.userId) : undefined))
    .orderBy(sql`case ${questions.status} when 'open' then 0 when 'answered' then 1 else 2 end`, asc(questions.createdAt))
    .limit(500);
}

/** Just the institution of a question (for the permission check), or null. */
export async function questionInstitution(db: Executor, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select({ institutionId: questions.institutionId }).from(questions).where(eq(questions.id, id));
  return row?.institutionId ?? null;
}

/** One thread with its messages (the caller has checked questions.read on its institution). */
export async function getQuestion(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [q] = await db
    .select({
      id: questions.id,
      subject: questions.subject,
      status: questions.status,
      stepCode: questions.stepCode,
      createdAt: questions.createdAt,
      answeredAt: questions.answeredAt,
      institutionId: questions.institutionId,
      institutionName: institutions.name,
      askedBy: questions.askedBy,
      askerName: asker.name,
      assignedTo: questions.assignedTo,
      assigneeName: assignee.name,
    })
    .from(questions)
    .innerJoin(institutions, eq(institutions.id, questions.institutionId))
    .leftJoin(asker, eq(asker.id, questions.askedBy))
    .leftJoin(assignee, eq(assignee.id, questions.assignedTo))
    .where(eq(questions.id, id));
  if (!q) return null;
  const [messages, articles] = await Promise.all([
    db.select().from(questionMessages).where(eq(questionMessages.questionId, id)).orderBy(asc(questionMessages.id)),
    db.select({ id: kbArticles.id, title: kbArticles.title }).from(kbArticles).where(eq(kbArticles.questionId, id)),
  ]);
  return { ...q, messages, articles };
}

/** Programme admins a question can be assigned to. */
export async function listAssignees(db: Executor) {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(and(eq(memberships.role, "programme_admin"), sql`${users.disabledAt} is null`))
    .orderBy(asc(users.name));
}

/** Open questions and their age, for the programme dashboard: how many, and the oldest few. */
export async function openQuestionsSummary(db: Executor, opts: { limit?: number } = {}) {
  const [[{ n }], oldest] = await Promise.all([
    db.select({ n: count() }).from(questions).where(eq(questions.status, "open")),
    db
      .select({ id: questions.id, subject: questions.subject, createdAt: questions.createdAt, institutionName: institutions.name, assigneeName: assignee.name })
      .from(questions)
      .innerJoin(institutions, eq(institutions.id, questions.institutionId))
      .leftJoin(assignee, eq(assignee.id, questions.assignedTo))
      .where(eq(questions.status, "open"))
      .orderBy(asc(questions.createdAt))
      .limit(opts.limit ?? 5),
  ]);
  return { open: Number(n), oldest };
}

const searchVector = sql`to_tsvector('dutch', ${kbArticles.title} || ' ' || ${kbArticles.body})`;

/**
 * The knowledge base: every article of a category, or the ones matching a search (Dutch stemming:
 * "aansluitingen" finds "aansluiting"), best match first. `websearch_to_tsquery` takes what
 * people type ("mitz -test", "\"twiin akkoord\"") and never fails on odd input.
 */
export async function searchKb(db: Executor, opts: { q?: string; category?: string; limit?: number }) {
  const q = opts.q?.trim().slice(0, 200);
  const query = q ? sql`websearch_to_tsquery('dutch', ${q})` : null;
  return db
    .select({
      id: kbArticles.id,
      category: kbArticles.category,
      title: kbArticles.title,
      body: kbArticles.body,
      updatedAt: kbArticles.updatedAt,
      rank: query ? sql<number>`ts_rank(${searchVector}, ${query})` : sql<number>`0`,
    })
    .from(kbArticles)
    .where(and(query ? sql`${searchVector} @@ ${query}` : undefined, opts.category ? eq(kbArticles.category, opts.category) : undefined))
    .orderBy(...(query ? [desc(sql`ts_rank(${searchVector}, ${query})`), asc(kbArticles.title)] : [asc(kbArticles.category), asc(kbArticles.title)]))
    .limit(opts.limit ?? 100);
}

export async function getArticle(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(kbArticles).where(eq(kbArticles.id, id));
  return row ?? null;
}

/** Institutions a caller can ask a question for (their own ones). */
export async function askableInstitutions(db: Executor, actor: Actor) {
  const ids = actor.memberships.filter((m) => m.role === "institution_editor" || m.role === "security_officer").flatMap((m) => (m.institutionId ? [m.institutionId] : []));
  if (!ids.length) return [];
  return db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, ids)).orderBy(asc(institutions.name));
}
