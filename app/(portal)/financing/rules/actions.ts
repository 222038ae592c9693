"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { createDraft, deleteDraft, publishDraft, RuleSetInvalidError, saveDraft } from "@/lib/financing/rule-sets";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { ruleSetFormSchema, type RuleSetFormInput } from "@/lib/validation/financing";
import { messageText, type Translate } from "@/lib/validation/messages";

const ref = z.object({ id: z.uuid(), expectedRevision: z.number().int().min(1) });

/** Rule set problems in the user's language, each as a field error `problem.<i>` the form lists. */
async function inUserLanguage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof RuleSetInvalidError ? e.inLanguage(await getLocale()) : e;
  }
}

function revalidate(id?: string) {
  revalidatePath("/financing");
  revalidatePath("/financing/rules");
  if (id) revalidatePath(`/financing/rules/${id}`);
}

export async function createDraftAction(): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const actor = await requirePermission("financing.manage");
    const row = await createDraft(getDb(), { actor: auditActor(actor), today: toAmsterdamDate(new Date()) });
    revalidate(row.id);
    return { id: row.id };
  });
}

export async function saveDraftAction(input: { id: string; expectedRevision: number; values: RuleSetFormInput }): Promise<ActionResult<{ revision: number }>> {
  const gate = await runAction(() => requirePermission("financing.manage"));
  if (!gate.ok) return gate;
  const actor = gate.data;
  const parsed = ruleSetFormSchema.safeParse(input?.values);
  if (!parsed.success) {
    // Every issue by its full path (rules.0.vendors.founda.amount), not only the first per top-level field.
    const t = (await getTranslations()) as unknown as Translate;
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".");
      if (!(key in fieldErrors)) fieldErrors[key] = messageText(t, issue.message);
    }
    return { ok: false, error: { code: "validation", message: t("errors.validation"), fieldErrors } };
  }
  return runAction(async () => {
    const { id, expectedRevision } = ref.parse({ id: input.id, expectedRevision: input.expectedRevision });
    const row = await inUserLanguage(() => saveDraft(getDb(), { actor: auditActor(actor), id, expectedRevision, values: parsed.data, now: new Date() }));
    revalidate(id);
    return { revision: row.revision };
  });
}

export async function publishDraftAction(input: { id: string; expectedRevision: number }): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const actor = await requirePermission("financing.manage");
    const { id, expectedRevision } = ref.parse(input);
    const row = await inUserLanguage(() => publishDraft(getDb(), { actor: auditActor(actor), id, expectedRevision, now: new Date() }));
    revalidate(id);
    return { version: row.version };
  });
}

export async function deleteDraftAction(input: { id: string; expectedRevision: number }): Promise<ActionResult<null>> {
  return runAction(async () => {
    const actor = await requirePermission("financing.manage");
    const { id, expectedRevision } = ref.parse(input);
    await deleteDraft(getDb(), { actor: auditActor(actor), id, expectedRevision });
    revalidate(id);
    return null;
  });
}
