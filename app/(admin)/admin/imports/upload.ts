/**
 * What the preview action and the commit route share: reading the uploaded CSV with its limits,
 * and parsing it into rows or errors in the admin's language.
 */
import { createHash } from "node:crypto";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { csvText, parseInstitutionCsv, type CsvRowError } from "@/lib/institutions/csv";
import { existingUras } from "@/lib/institutions/queries";
import { institutionDataFromCsvRow, type InstitutionData } from "@/lib/institutions/service";
import type { Translate } from "@/lib/validation/messages";
import { CSV_IMPORT_MAX_BYTES, checkUpload } from "@/lib/validation/uploads";

export type Preview = {
  filename: string;
  separator: string;
  fileError: string | null;
  errors: (Omit<CsvRowError, "message"> & { message: string })[];
  rows: { line: number; name: string; ura: string; city: string; action: "create" | "update" }[];
  created: number;
  updated: number;
};

export async function readUpload(formData: FormData | null) {
  const upload = checkUpload(formData?.get("file") ?? null, CSV_IMPORT_MAX_BYTES);
  if (!upload.ok) {
    // A chosen file of 0 bytes is not "no file": say that it is empty (and what a CSV needs).
    const key = { missing: "institutionsAdmin.no_file", empty: "csv_import.empty", too_large: "institutionsAdmin.too_large" }[upload.reason];
    throw new AppError("validation", key, { file: [key] });
  }
  const file = upload.file;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { filename: file.name.slice(0, 200), bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The file checked as the preview shows it: every error, and per row whether it creates or updates. */
export async function buildPreview(filename: string, bytes: Uint8Array): Promise<Preview> {
  const parsed = parseInstitutionCsv(bytes);
  // The importer's messages in the admin's language.
  const t = (await getTranslations()) as unknown as Translate;
  const existing = await existingUras(getDb(), parsed.rows.map((r) => r.ura));
  const rows = parsed.rows.map((r) => ({ line: r.line, name: r.name, ura: r.ura, city: r.city, action: existing.has(r.ura) ? ("update" as const) : ("create" as const) }));
  return {
    filename,
    separator: parsed.separator,
    fileError: parsed.fileError ? csvText(t, parsed.fileError.message) : null,
    errors: parsed.errors.map((e) => ({ ...e, message: csvText(t, e.message) })),
    rows,
    created: rows.filter((r) => r.action === "create").length,
    updated: rows.filter((r) => r.action === "update").length,
  };
}

/**
 * The rows to import, or the reason not to: the commit parses the same file again and imports it
 * only when it has no error at all (the preview's verdict is not trusted from the browser).
 */
export async function rowsToImport(bytes: Uint8Array): Promise<InstitutionData[]> {
  const parsed = parseInstitutionCsv(bytes);
  if (parsed.fileError) {
    const t = (await getTranslations()) as unknown as Translate;
    throw new AppError("validation", csvText(t, parsed.fileError.message));
  }
  if (parsed.errors.length || !parsed.ok) throw new AppError("validation", "csv_import.commit_refused", undefined, { count: String(parsed.errors.length) });
  return parsed.rows.map(institutionDataFromCsvRow);
}
