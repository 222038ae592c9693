"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { z } from "zod";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { requirePermission } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { announceMaintenance, cancelMaintenance, openIncident, postIncidentUpdate } from "@/lib/status/service";
import { incidentUpdateSchema, maintenanceSchema, openIncidentSchema, type IncidentUpdateInput, type MaintenanceInput, type OpenIncidentInput } from "@/lib/validation/status";

const baseUrl = () => env().APP_URL.replace(/\/$/, "");

const done = async (key: string) => {
  revalidatePath("/status");
  revalidatePath("/status/manage");
  revalidatePath("/status/incidents");
  const t = await getTranslations("status_manage");
  return t(key);
};

/** Opens an incident on /status (programme admins: any infrastructure; vendor editors: their own). */
export async function openIncidentAction(input: OpenIncidentInput) {
  return runAction(async () => {
    const actor = await requirePermission("status.post");
    const values = openIncidentSchema.parse(input);
    const row = await openIncident(getDb(), { actor, values, now: new Date(), baseUrl: baseUrl() });
    return { id: row.id, message: await done("opened") };
  });
}

/** Posts an update on an open incident; the state "resolved" resolves it. */
export async function postIncidentUpdateAction(input: { id: string; values: IncidentUpdateInput }) {
  return runAction(async () => {
    const actor = await requirePermission("status.post");
    const id = z.uuid().parse(input?.id);
    const values = incidentUpdateSchema.parse(input.values);
    const res = await postIncidentUpdate(getDb(), { actor, id, values, now: new Date(), baseUrl: baseUrl() });
    revalidatePath(`/status/incidents/${id}`);
    return { state: res.state, message: await done(res.state === "resolved" ? "resolved" : "updated") };
  });
}

export async function announceMaintenanceAction(input: MaintenanceInput) {
  return runAction(async () => {
    const actor = await requirePermission("status.post");
    const values = maintenanceSchema.parse(input);
    const row = await announceMaintenance(getDb(), { actor, values, now: new Date(), baseUrl: baseUrl() });
    return { id: row.id, message: await done("m_created") };
  });
}

export async function cancelMaintenanceAction(input: { id: string }) {
  return runAction(async () => {
    const actor = await requirePermission("status.post");
    const id = z.uuid().parse(input?.id);
    await cancelMaintenance(getDb(), { actor, id, now: new Date(), baseUrl: baseUrl() });
    return { message: await done("m_cancelled") };
  });
}
