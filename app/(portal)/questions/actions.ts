"use server";
/** Questions to the programme office and the knowledge base (issue 18 §4). */
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { requireInstitutionPermission, requirePermission } from "@/lib/auth/session";
import { questionInstitution } from "@/lib/questions/queries";
import { askQuestion, assignQuestion, closeQuestion, replyToQuestion, saveArticle } from "@/lib/questions/service";
import { articleSchema, askQuestionSchema, replySchema, type ArticleInput, type AskQuestionInput, type ReplyInput } from "@/lib/validation/events";

const message = async (ns: "questions" | "kb", key: string) => (await getTranslations(ns))(key);

/**
 * A question's institution for the scoped gate; null for an unknown id, which the gate answers
 * like a foreign one (not found), after it has checked that someone is signed in.
 */
async function institutionOfQuestion(id: unknown): Promise<string | null> {
  return typeof id === "string" ? questionInstitution(getDb(), id) : null;
}

/** An institution user asks the programme office a question. */
export async function askQuestionAction(input: AskQuestionInput) {
  return runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("questions.ask", input?.institutionId);
    const values = askQuestionSchema.parse(input);
    const q = await askQuestion(getDb(), { actor, institutionId: institution.id, stepCode: values.stepCode, subject: values.subject, body: values.body, now: new Date() });
    revalidatePath("/questions");
    return { id: q.id, message: await message("questions", "sent_ok") };
  });
}

/** A message in a thread: an answer from the programme office, a reply from the institution. */
export async function replyAction(input: ReplyInput) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("questions.read", await institutionOfQuestion(input?.questionId));
    const values = replySchema.parse(input);
    await replyToQuestion(getDb(), { actor, questionId: values.questionId, body: values.body, now: new Date() });
    revalidatePath(`/questions/${values.questionId}`);
    revalidatePath("/questions");
    return { message: await message("questions", "replied_ok") };
  });
}

export async function assignQuestionAction(input: { questionId: string; assigneeId: string }) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("questions.answer", await institutionOfQuestion(input?.questionId));
    const values = z.object({ questionId: z.uuid("errors.not_found"), assigneeId: z.union([z.literal(""), z.uuid("questions.v.assignee")]) }).parse(input);
    await assignQuestion(getDb(), { actor, questionId: values.questionId, assigneeId: values.assigneeId || null, now: new Date() });
    revalidatePath(`/questions/${values.questionId}`);
    return { message: await message("questions", "assigned_ok") };
  });
}

export async function closeQuestionAction(questionId: string) {
  return runAction(async () => {
    const { actor } = await requireInstitutionPermission("questions.answer", await institutionOfQuestion(questionId));
    await closeQuestion(getDb(), { actor, questionId: z.uuid().parse(questionId), now: new Date() });
    revalidatePath(`/questions/${questionId}`);
    revalidatePath("/questions");
    return { message: await message("questions", "closed_ok") };
  });
}

/** Writes a knowledge-base article (new, changed, or published from a question's answer). */
export async function saveArticleAction(input: ArticleInput) {
  return runAction(async () => {
    const actor = await requirePermission("kb.manage");
    const values = articleSchema.parse(input);
    const row = await saveArticle(getDb(), { actor, values, now: new Date() });
    revalidatePath("/kb");
    revalidatePath(`/kb/${row.id}`);
    if (values.questionId) revalidatePath(`/questions/${values.questionId}`);
    return { id: row.id, message: await message("kb", "saved_ok") };
  });
}
