import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Importeren" };

export default async function ImportsPage() {
  await requirePagePermission("institution.manage");
  const { t } = await getMessages();
  const a = t.institutionsAdmin;
  return (
    <>
      <h1>{a.import_title}</h1>
      <p className="lead">{a.import_intro}</p>
      <p className="muted">{a.import_columns}</p>
      <ImportForm
        t={{
          file: a.file,
          preview: a.preview,
          commit: a.commit,
          preview_title: a.preview_title,
          preview_ok: a.preview_ok,
          preview_errors: a.preview_errors,
          line: a.line,
          column: a.column,
          message: a.message,
          action: a.action,
          action_create: a.action_create,
          action_update: a.action_update,
          imported: a.imported,
          no_file: a.no_file,
          more_rows: a.more_rows,
          separator: a.separator,
        }}
      />
    </>
  );
}
