/**
 * Writes of questions and the knowledge base (issue 18 §4): one transaction per user action with
 * its audit event. The caller has passed the permission gate; institution scope is checked again
 * here against the question's own institution.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { kbArticles, memberships, questionMessages, questions } from "@/db/schema";
import { recordAudit } from "@/lib/audit";
import { can, isProgramme, type Actor } from "@/lib/auth/policy";
import { STEP_CATALOGUE } from "@/lib/domain/steps";
import { AppError } from "@/lib/errors";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { notifyQuestionAnswered } from "@/lib/notifications/events";
import type { ArticleValues } from "@/lib/validation/events";

const audit = (actor: Actor) => ({ userId: actor.userId, label: actor.email });

async function questionOf(db: Executor, actor: Actor, id: string, permission: "questions.read" | "questions.ask" | "questions.answer") {
  const [q] = await db.select().from(questions).where(eq(questions.id, id)).for("update");
  const ref = q ? await getInstitutionRef(db, q.institutionId) : null;
  if (!q || !ref || !can(actor, "questions.read", ref)) throw new AppError("not_found", "errors.not_found");
  if (!can(actor, permission, ref)) throw new AppError("forbidden", "errors.forbidden");
  return q;
}

/** A new question of an institution, with its first message. */
export async function askQuestion(db: Executor, opts: { actor: Actor; institutionId: string; stepCode?: string; subject: string; body: string; now: Date }) {
  const ref = await getInstitutionRef(db, opts.institutionId);
  if (!ref || !can(opts.actor, "questions.read", ref)) throw new AppError("not_found", "errors.not_found");
  if (!can(opts.actor, "questions.ask", ref)) throw new AppError("forbidden", "errors.forbidden");
  if (opts.stepCode && !STEP_CATALOGUE.some((s) => s.code === opts.stepCode)) throw new AppError("validation", "questions.v.step", { stepCode: ["questions.v.step"] });
  return db.transaction(async (tx) => {
    const [q] = await tx
      .insert(questions)
      .values({ institutionId: ref.id, stepCode: opts.stepCode ?? null, subject: opts.subject, askedBy: opts.actor.userId, createdAt: opts.now, updatedAt: opts.now })
      .returning({ id: questions.id });
    await tx.insert(questionMessages).values({ questionId: q.id, authorId: opts.actor.userId, authorName: opts.actor.name, fromProgramme: false, body: opts.body, createdAt: opts.now });
    await recordAudit(tx, { actor: audit(opts.actor), action: "question.ask", entityType: "question", entityId: q.id, institutionId: ref.id, after: { subject: opts.subject, stepCode: opts.stepCode ?? null } });
    return { id: q.id };
  });
}

/**
 * A message in a thread. From the programme office it is an answer (status "answered", and the
 * asker is told); from the institution it reopens the question.
 */
export async function replyToQuestion(db: Executor, opts: { actor: Actor; questionId: string; body: string; now: Date }) {
  return db.transaction(async (tx) => {
    const fromProgramme = isProgramme(opts.actor);
    const q = await questionOf(tx, opts.actor, opts.questionId, fromProgramme ? "questions.answer" : "questions.ask");
    const status = fromProgramme ? "answered" : "open";
    const [message] = await tx
      .insert(questionMessages)
      .values({ questionId: q.id, authorId: opts.actor.userId, authorName: opts.actor.name, fromProgramme, body: opts.body, createdAt: opts.now })
      .returning({ id: questionMessages.id });
    await tx
      .update(questions)
      .set({ status, updatedAt: opts.now, ...(fromProgramme ? { answeredAt: opts.now } : {}) })
      .where(eq(questions.id, q.id));
    if (fromProgramme) {
      await notifyQuestionAnswered(tx, { questionId: q.id, messageId: message.id, subject: q.subject, institutionId: q.institutionId, askedBy: q.askedBy, actorUserId: opts.actor.userId, now: opts.now });
    }
    await recordAudit(tx, { actor: audit(opts.actor), action: "question.reply", entityType: "question", entityId: q.id, institutionId: q.institutionId, before: { status: q.status }, after: { status, fromProgramme } });
    return { id: q.id, subject: q.subject, institutionId: q.institutionId, askedBy: q.askedBy, answered: fromProgramme };
  });
}

/** Assigns a question to a programme admin (null: nobody). */
export async function assignQuestion(db: Executor, opts: { actor: Actor; questionId: string; assigneeId: string | null; now: Date }) {
  return db.transaction(async (tx) => {
    const q = await questionOf(tx, opts.actor, opts.questionId, "questions.answer");
    if (opts.assigneeId) {
      const ok = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, opts.assigneeId), inArray(memberships.role, ["programme_admin"])));
      if (!ok.length) throw new AppError("validation", "questions.v.assignee", { assigneeId: ["questions.v.assignee"] });
    }
    await tx.update(questions).set({ assignedTo: opts.assigneeId, updatedAt: opts.now }).where(eq(questions.id, q.id));
    await recordAudit(tx, { actor: audit(opts.actor), action: "question.assign", entityType: "question", entityId: q.id, institutionId: q.institutionId, before: { assignedTo: q.assignedTo }, after: { assignedTo: opts.assigneeId } });
  });
}

/** Closes a question (no further answer needed). */
export async function closeQuestion(db: Executor, opts: { actor: Actor; questionId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const q = await questionOf(tx, opts.actor, opts.questionId, "questions.answer");
    if (q.status === "closed") throw new AppError("conflict", "questions.errors.closed");
    await tx.update(questions).set({ status: "closed", updatedAt: opts.now }).where(eq(questions.id, q.id));
    await recordAudit(tx, { actor: audit(opts.actor), action: "question.close", entityType: "question", entityId: q.id, institutionId: q.institutionId, before: { status: q.status }, after: { status: "closed" } });
  });
}

/** Writes a knowledge-base article, or changes one; from a question when `questionId` is given. */
export async function saveArticle(db: Executor, opts: { actor: Actor; values: ArticleValues; now: Date }) {
  const v = opts.values;
  return db.transaction(async (tx) => {
    if (v.questionId) await questionOf(tx, opts.actor, v.questionId, "questions.answer");
    if (!v.id) {
      const [row] = await tx
        .insert(kbArticles)
        .values({ category: v.category, title: v.title, body: v.body, questionId: v.questionId ?? null, createdBy: opts.actor.userId, createdAt: opts.now, updatedAt: opts.now })
        .returning({ id: kbArticles.id });
      await recordAudit(tx, { actor: audit(opts.actor), action: "kb.article_create", entityType: "kb_article", entityId: row.id, after: { category: v.category, title: v.title, questionId: v.questionId ?? null } });
      return { id: row.id };
    }
    const [before] = await tx.select().from(kbArticles).where(eq(kbArticles.id, v.id)).for("update");
    if (!before) throw new AppError("not_found", "errors.not_found");
    await tx.update(kbArticles).set({ category: v.category, title: v.title, body: v.body, updatedAt: opts.now }).where(eq(kbArticles.id, v.id));
    await recordAudit(tx, { actor: audit(opts.actor), action: "kb.article_update", entityType: "kb_article", entityId: v.id, before: { category: before.category, title: before.title }, after: { category: v.category, title: v.title } });
    return { id: v.id };
  });
}
