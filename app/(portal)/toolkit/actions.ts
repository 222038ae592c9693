"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { auditActor, requireInstitutionPermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n/messages";
import { getMessages } from "@/lib/i18n/server";
import { acknowledgeDocument, applyIntake, previewIntake } from "@/lib/toolkit/service";
import { isUuid } from "@/lib/validation/uuid";

const INTAKE_MAX_BYTES = 10 * 1024 * 1024;

export async function acknowledgeAction(formData: FormData) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("toolkit.acknowledge", formData.get("institutionId"));
    const templateId = formData.get("templateId");
    if (!isUuid(templateId)) throw new AppError("not_found");
    const result = await acknowledgeDocument(getDb(), {
      actor: { ...auditActor(actor), email: actor.email, name: actor.name },
      institutionId: institution.id,
      templateId,
      capacity: String(formData.get("capacity") ?? ""),
      now: new Date(),
    });
    revalidatePath(`/toolkit/${institution.id}`);
    return result;
  });
  const { t } = await getMessages();
  return res.ok ? { ...res, message: format(t.toolkit.ack_done, { version: res.data.versionLabel }) } : res;
}

async function readIntakeUpload(formData: FormData) {
  const { t } = await getMessages();
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) throw new AppError("validation", t.toolkit.intake_no_file, { file: [t.toolkit.intake_no_file] });
  if (file.size > INTAKE_MAX_BYTES) {
    const m = "Het bestand is te groot. Een ingevuld intakeformulier is kleiner dan 10 MB.";
    throw new AppError("validation", m, { file: [m] });
  }
  return { filename: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Reads the form and shows what would change; writes nothing. */
export async function previewIntakeAction(formData: FormData) {
  return runAction(async () => {
    const { institution } = await requireInstitutionPermission("institution.report", formData.get("institutionId"));
    const { bytes } = await readIntakeUpload(formData);
    const preview = await previewIntake(getDb(), { institutionId: institution.id, bytes });
    return {
      changes: preview.changes,
      errors: preview.plan.errors,
      fingerprint: preview.fingerprint,
      formVersion: preview.values.formVersion,
    };
  });
}

/** Applies the same file, only when its changes are exactly the previewed ones. */
export async function applyIntakeAction(formData: FormData) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("institution.report", formData.get("institutionId"));
    const { filename, bytes } = await readIntakeUpload(formData);
    const result = await applyIntake(getDb(), {
      actor: auditActor(actor),
      institutionId: institution.id,
      filename,
      bytes,
      fingerprint: String(formData.get("fingerprint") ?? ""),
      now: new Date(),
    });
    revalidatePath(`/institutions/${institution.id}`);
    revalidatePath(`/toolkit/${institution.id}`);
    return result;
  });
  const { t } = await getMessages();
  return res.ok ? { ...res, message: format(t.toolkit.intake_applied, { count: res.data.changed }) } : res;
}
