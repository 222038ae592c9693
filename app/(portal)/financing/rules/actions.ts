"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { createDraft, deleteDraft, publishDraft, saveDraft } from "@/lib/financing/rule-sets";
import { messages, translate } from "@/lib/i18n/messages";
import { getLocale } from "@/lib/i18n/server";
import { ruleSetFormSchema, type RuleSetFormInput } from "@/lib/validation/financing";

const ref = z.object({ id: z.uuid(), expectedRevision: z.number().int().min(1) });

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
  const locale = await getLocale();
  const parsed = ruleSetFormSchema.safeParse(input?.values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".");
      if (!(key in fieldErrors)) fieldErrors[key] = translate(locale, issue.message);
    }
    return { ok: false, error: { code: "validation", message: messages[locale].errors.validation, fieldErrors } };
  }
  return runAction(async () => {
    const { id, expectedRevision } = ref.parse({ id: input.id, expectedRevision: input.expectedRevision });
    const row = await saveDraft(getDb(), { actor: auditActor(actor), id, expectedRevision, values: parsed.data, locale, now: new Date() });
    revalidate(id);
    return { revision: row.revision };
  });
}

export async function publishDraftAction(input: { id: string; expectedRevision: number }): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const actor = await requirePermission("financing.manage");
    const { id, expectedRevision } = ref.parse(input);
    const row = await publishDraft(getDb(), { actor: auditActor(actor), id, expectedRevision, locale: await getLocale(), now: new Date() });
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
