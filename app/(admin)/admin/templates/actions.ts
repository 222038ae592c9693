"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { runAction, formOf } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getTranslations } from "@/lib/i18n/translations";
import { TEMPLATE_MAX_BYTES, createTemplateVersion, publishTemplateVersion } from "@/lib/toolkit/service";
import { FILE_TOO_LARGE_MESSAGE, UPLOAD_LIMIT_PARAMS } from "@/lib/validation/uploads";
import { isUuid } from "@/lib/validation/uuid";

export async function createVersionAction(formData: FormData) {
  const res = await runAction(async () => {
    const actor = await requirePermission("toolkit.manage");
    const file = formOf(formData).get("file");
    let upload: { filename: string; bytes: Uint8Array } | null = null;
    if (file instanceof File && file.size > 0) {
      if (file.size > TEMPLATE_MAX_BYTES) throw new AppError("validation", "v.file_too_large", { file: [FILE_TOO_LARGE_MESSAGE] }, UPLOAD_LIMIT_PARAMS);
      upload = { filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    }
    const row = await createTemplateVersion(getDb(), {
      actor: auditActor(actor),
      documentType: String(formOf(formData).get("documentType") ?? ""),
      versionLabel: String(formOf(formData).get("versionLabel") ?? ""),
      changeNote: String(formOf(formData).get("changeNote") ?? ""),
      upload,
      now: new Date(),
    });
    revalidatePath("/admin/templates");
    return row;
  });
  const t = await getTranslations("toolkit");
  return res.ok ? { ...res, message: t("created", { version: res.data.versionLabel }) } : res;
}

export async function publishVersionAction(formData: FormData) {
  const res = await runAction(async () => {
    const actor = await requirePermission("toolkit.manage");
    const id = formOf(formData).get("templateId");
    if (!isUuid(id)) throw new AppError("not_found");
    const note = formOf(formData).get("changeNote");
    const row = await publishTemplateVersion(getDb(), { actor: auditActor(actor), templateId: id, changeNote: typeof note === "string" ? note : undefined, now: new Date() });
    revalidatePath("/admin/templates");
    revalidatePath("/toolkit", "layout");
    return row;
  });
  const t = await getTranslations("toolkit");
  return res.ok ? { ...res, message: t("published", { version: res.data.versionLabel }) } : res;
}
