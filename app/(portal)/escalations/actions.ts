"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { createDecision, createEscalation, escalate, setEscalationStatus, updateEscalation } from "@/lib/escalations/service";
import type { DecisionInput, EscalateInput, EscalationInput, StatusInput } from "@/lib/validation/escalations";

const done = async (key: string, id?: string) => {
  revalidatePath("/escalations");
  if (id) revalidatePath(`/escalations/${id}`);
  const t = await getTranslations("escalations");
  return t(key);
};

/** Registers an issue or risk at programme level. */
export async function createEscalationAction(input: EscalationInput) {
  return runAction(async () => {
    const actor = await requirePermission("escalations.manage");
    const row = await createEscalation(getDb(), { actor: auditActor(actor), input, now: new Date() });
    return { id: row.id, message: await done("created") };
  });
}

export async function updateEscalationAction(input: { id: string; version: number; values: EscalationInput }) {
  return runAction(async () => {
    const actor = await requirePermission("escalations.manage");
    const id = z.uuid().parse(input?.id);
    const row = await updateEscalation(getDb(), { actor: auditActor(actor), id, version: z.number().int().min(1).parse(input.version), input: input.values, now: new Date() });
    return { version: row.version, message: await done("saved", id) };
  });
}

/** Raises the level one step with a note. */
export async function escalateAction(input: EscalateInput) {
  return runAction(async () => {
    const actor = await requirePermission("escalations.manage");
    const row = await escalate(getDb(), { actor: auditActor(actor), input, now: new Date() });
    return { version: row.version, message: await done("escalated", row.id) };
  });
}

export async function setEscalationStatusAction(input: StatusInput) {
  return runAction(async () => {
    const actor = await requirePermission("escalations.manage");
    const row = await setEscalationStatus(getDb(), { actor: auditActor(actor), input, now: new Date() });
    return { version: row.version, message: await done("status_saved", row.id) };
  });
}

export async function createDecisionAction(input: DecisionInput) {
  return runAction(async () => {
    const actor = await requirePermission("escalations.manage");
    const row = await createDecision(getDb(), { actor: auditActor(actor), input, now: new Date() });
    return { id: row.id, message: await done("decision_created") };
  });
}
