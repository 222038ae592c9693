"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { existingUras } from "@/lib/institutions/queries";
import { auditActor, requirePermission } from "@/lib/auth/session";
import { runAction } from "@/lib/actions";
import { AppError } from "@/lib/errors";
import { getTranslations } from "next-intl/server";
import { csvText, parseInstitutionCsv, type CsvRowError } from "@/lib/institutions/csv";
import { importInstitutions } from "@/lib/institutions/service";
import type { Translate } from "@/lib/validation/messages";
import { CSV_IMPORT_MAX_BYTES, checkUpload } from "@/lib/validation/uploads";

type Preview = {
  filename: string;
  separator: string;
  fileError: string | null;
  errors: (Omit<CsvRowError, "message"> & { message: string })[];
  rows: { line: number; name: string; ura: string; city: string; action: "create" | "update" }[];
  created: number;
  updated: number;
};

async function readUpload(formData: FormData) {
  const upload = checkUpload(formData.get("file"), CSV_IMPORT_MAX_BYTES);
  if (!upload.ok) {
    // A chosen file of 0 bytes is not "no file": say that it is empty (and what a CSV needs).
    const key = { missing: "institutionsAdmin.no_file", empty: "csv_import.empty", too_large: "institutionsAdmin.too_large" }[upload.reason];
    throw new AppError("validation", key, { file: [key] });
  }
  const file = upload.file;
  return { filename: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) };
}

async function buildPreview(filename: string, bytes: Uint8Array): Promise<Preview & { parsed: ReturnType<typeof parseInstitutionCsv> }> {
  const parsed = parseInstitutionCsv(bytes);
  // The importer's messages in the admin's language.
  const t = (await getTranslations()) as unknown as Translate;
  const existing = await existingUras(getDb(), parsed.rows.map((r) => r.ura));
  const rows = parsed.rows.map((r) => ({ line: r.line, name: r.name, ura: r.ura, city: r.city, action: existing.has(r.ura) ? ("update" as const) : ("create" as const) }));
  return {
    parsed,
    filename,
    separator: parsed.separator,
    fileError: parsed.fileError ? csvText(t, parsed.fileError.message) : null,
    errors: parsed.errors.map((e) => ({ ...e, message: csvText(t, e.message) })),
    rows,
    created: rows.filter((r) => r.action === "create").length,
    updated: rows.filter((r) => r.action === "update").length,
  };
}

/** Parses and checks the file; writes nothing. */
export async function previewImportAction(formData: FormData) {
  return runAction(async () => {
    await requirePermission("institution.manage");
    const { filename, bytes } = await readUpload(formData);
    const { parsed: _parsed, ...preview } = await buildPreview(filename, bytes);
    return preview;
  });
}

/** Parses the same file again and imports it only when it has no error at all. */
export async function commitImportAction(formData: FormData) {
  return runAction(async () => {
    const actor = await requirePermission("institution.manage");
    const { filename, bytes } = await readUpload(formData);
    const preview = await buildPreview(filename, bytes);
    if (preview.fileError) throw new AppError("validation", preview.fileError);
    if (preview.errors.length || !preview.parsed.ok) throw new AppError("validation", "csv_import.commit_refused", undefined, { count: String(preview.errors.length) });
    const result = await importInstitutions(getDb(), {
      actor: auditActor(actor),
      filename,
      now: new Date(),
      rows: preview.parsed.rows.map((r) => ({
        name: r.name,
        kind: r.kind,
        ura: r.ura,
        agb: r.agb,
        kvk: r.kvk,
        city: r.city,
        province: r.province,
        vendor: r.vendor,
        // Only a file with a group column changes groups (an empty cell clears one).
        groupName: r.groupName,
        contacts: r.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone })),
      })),
    });
    revalidatePath("/institutions");
    return result;
  });
}
