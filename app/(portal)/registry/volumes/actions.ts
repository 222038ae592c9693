"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { formOf, runAction } from "@/lib/actions";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { checkExchangeVolumes, parseVolumesCsv, reportExchangeVolumes, volumeVendorScope, VolumeRefusal, type VolumeRowError } from "@/lib/golive/volumes";
import { CSV_IMPORT_MAX_BYTES, checkUpload } from "@/lib/validation/uploads";

export type VolumeUploadResult = {
  saved: number;
  /** Per-row errors in the user's language, with their CSV line. Non-empty: nothing was (or would be) stored. */
  errors: { line: number; message: string }[];
  rows: { ura: string; name: string; month: string; direction: "in" | "out"; counterpart: string; documents: number; studies: number }[];
};

async function readFile(fd: unknown) {
  // A call without a form (a crafted request) is "choose a file", not an internal error.
  const upload = checkUpload(formOf(fd).get("file"), CSV_IMPORT_MAX_BYTES);
  if (!upload.ok) {
    const key = upload.reason === "empty" ? "csv_import.empty" : upload.reason === "too_large" ? "institutionsAdmin.too_large" : "golive.volumes.file_required";
    throw new AppError("validation", key, { file: [key] });
  }
  return parseVolumesCsv(new Uint8Array(await upload.file.arrayBuffer()));
}

async function rowErrors(errors: readonly VolumeRowError[]) {
  const t = await getTranslations("golive.volumes");
  return errors.map((e) => ({ line: e.line, message: t("row_error", { line: e.line, message: t(`e.${e.code}`, e.params) }) }));
}

/** Checks an uploaded volumes CSV against the register and the caller's vendors; writes nothing. */
export async function previewVolumesAction(fd: FormData) {
  return runAction(async (): Promise<VolumeUploadResult> => {
    const actor = await requirePermission("exchange.report");
    const inputs = await readFile(fd);
    const { rows, errors, byId } = await checkExchangeVolumes(getDb(), { inputs, vendorCodes: volumeVendorScope(actor), now: new Date() });
    return {
      saved: 0,
      errors: await rowErrors(errors),
      rows: errors.length ? [] : rows.map((r) => ({ ...r, ura: byId.get(r.institutionId)?.ura ?? "", name: byId.get(r.institutionId)?.name ?? "" })),
    };
  });
}

/**
 * Stores the file all or nothing, through the same service as POST /api/v1/exchange-volumes
 * (one transaction, one audit event); answers the per-row errors when it refused.
 */
export async function commitVolumesAction(fd: FormData) {
  return runAction(async (): Promise<VolumeUploadResult> => {
    const actor = await requirePermission("exchange.report");
    const inputs = await readFile(fd);
    try {
      const res = await reportExchangeVolumes(getDb(), { inputs, vendorCodes: volumeVendorScope(actor), actor: auditActor(actor), now: new Date(), source: "csv" });
      revalidatePath("/dashboard");
      return { saved: res.saved, errors: [], rows: [] };
    } catch (e) {
      if (e instanceof VolumeRefusal && e.rowErrors.length > 0) return { saved: 0, errors: await rowErrors(e.rowErrors), rows: [] };
      throw e;
    }
  });
}
