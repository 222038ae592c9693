"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction, type ActionResult } from "@/lib/actions";
import { createAlertRule, deleteAlertRule, retryDelivery, sendTestAlert, updateAlertRule } from "@/lib/alerts/service";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { alertRuleSchema, type AlertRuleInput } from "@/lib/validation/alerts";

type Saved = { id: string; message: string; secrets: Array<{ url: string; secret: string }> };

/** Creates a rule (new webhooks' secrets are returned once, to be shown once; only sealed copies are stored). */
export async function createAlertRuleAction(input: AlertRuleInput): Promise<ActionResult<Saved>> {
  return runAction(async () => {
    const actor = await requirePermission("alerts.manage");
    const values = alertRuleSchema.parse(input);
    const { row, secrets } = await createAlertRule(getDb(), { actor, auditActor: auditActor(actor), values, now: new Date() });
    revalidatePath("/alerts");
    return { id: row.id, secrets, message: (await getTranslations("alerts"))("saved") };
  });
}

export async function updateAlertRuleAction(input: { id: string; values: AlertRuleInput }): Promise<ActionResult<Saved>> {
  return runAction(async () => {
    const actor = await requirePermission("alerts.manage");
    const id = z.uuid().parse(input?.id);
    const values = alertRuleSchema.parse(input.values);
    const { row, secrets } = await updateAlertRule(getDb(), { actor, auditActor: auditActor(actor), id, values, now: new Date() });
    revalidatePath("/alerts");
    return { id: row.id, secrets, message: (await getTranslations("alerts"))("saved") };
  });
}

export async function deleteAlertRuleAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("alerts.manage");
    await deleteAlertRule(getDb(), { actor, auditActor: auditActor(actor), id: z.uuid().parse(id), now: new Date() });
    revalidatePath("/alerts");
    return null;
  });
}

/** "Test versturen": queues one test delivery per recipient of the rule. */
export async function sendTestAlertAction(id: string) {
  return runAction(async () => {
    const actor = await requirePermission("alerts.manage");
    const { queued } = await sendTestAlert(getDb(), { actor, auditActor: auditActor(actor), id: z.uuid().parse(id), now: new Date() });
    revalidatePath("/alerts/deliveries");
    return { queued };
  });
}

/** "Opnieuw versturen": a failed delivery is due again now. */
export async function retryDeliveryAction(id: number) {
  return runAction(async () => {
    const actor = await requirePermission("alerts.manage");
    await retryDelivery(getDb(), { actor, auditActor: auditActor(actor), id: z.coerce.number().int().positive().parse(id), now: new Date() });
    revalidatePath("/alerts/deliveries");
    return null;
  });
}
