"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formOf, runAction } from "@/lib/actions";
import { auditActor, requireInstitutionPermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getTranslations } from "@/lib/i18n/translations";
import { getLocale } from "@/lib/i18n/server";
import { intakeFieldLabel } from "@/lib/pdf";
import { intakePlanErrorText } from "@/lib/toolkit/intake";
import { acknowledgeDocument, applyIntake, previewIntake } from "@/lib/toolkit/service";
import { FILE_TOO_LARGE_MESSAGE, UPLOAD_LIMIT_PARAMS, checkUpload } from "@/lib/validation/uploads";
import { isUuid } from "@/lib/validation/uuid";

export async function acknowledgeAction(formData: FormData) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("toolkit.acknowledge", formOf(formData).get("institutionId"));
    const templateId = formOf(formData).get("templateId");
    if (!isUuid(templateId)) throw new AppError("not_found");
    const result = await acknowledgeDocument(getDb(), {
      actor: { ...auditActor(actor), email: actor.email, name: actor.name },
      institutionId: institution.id,
      templateId,
      capacity: String(formOf(formData).get("capacity") ?? ""),
      now: new Date(),
    });
    revalidatePath(`/toolkit/${institution.id}`);
    return result;
  });
  const t = await getTranslations("toolkit");
  return res.ok ? { ...res, message: t("ack_done", { version: res.data.versionLabel }) } : res;
}

async function readIntakeUpload(formData: FormData) {
  // The form-wide upload limit (lib/validation/uploads.ts); the HTTP limits leave room above it.
  const upload = checkUpload(formOf(formData).get("file"));
  if (!upload.ok) {
    // Too large: the words of the form's own check (intake-form.tsx), with the limit as a value.
    if (upload.reason === "too_large") throw new AppError("validation", "v.file_too_large", { file: [FILE_TOO_LARGE_MESSAGE] }, UPLOAD_LIMIT_PARAMS);
    const key = { missing: "toolkit.intake_no_file", empty: "uploads.empty" }[upload.reason];
    throw new AppError("validation", key, { file: [key] });
  }
  const file = upload.file;
  return { filename: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Reads the form and shows what would change (labels and refusals in the user's language); writes nothing. */
export async function previewIntakeAction(formData: FormData) {
  return runAction(async () => {
    const { institution } = await requireInstitutionPermission("institution.report", formOf(formData).get("institutionId"));
    const { bytes } = await readIntakeUpload(formData);
    const preview = await previewIntake(getDb(), { institutionId: institution.id, bytes });
    const locale = await getLocale();
    return {
      changes: preview.changes.map((c) => ({ ...c, label: intakeFieldLabel(c.field, locale) })),
      errors: preview.plan.errors.map((e) => intakePlanErrorText(e, locale)),
      fingerprint: preview.fingerprint,
      formVersion: preview.values.formVersion,
    };
  });
}

/** Applies the same file, only when its changes are exactly the previewed ones. */
export async function applyIntakeAction(formData: FormData) {
  const res = await runAction(async () => {
    const { actor, institution } = await requireInstitutionPermission("institution.report", formOf(formData).get("institutionId"));
    const { filename, bytes } = await readIntakeUpload(formData);
    const result = await applyIntake(getDb(), {
      actor: auditActor(actor),
      institutionId: institution.id,
      filename,
      bytes,
      fingerprint: String(formOf(formData).get("fingerprint") ?? ""),
      now: new Date(),
    });
    revalidatePath(`/institutions/${institution.id}`);
    revalidatePath(`/toolkit/${institution.id}`);
    return result;
  });
  const t = await getTranslations("toolkit");
  return res.ok ? { ...res, message: t("intake_applied", { count: res.data.changed }) } : res;
}
