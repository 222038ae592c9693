"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { ScrollBox } from "@/app/_components/scroll-box";
import { CSV_IMPORT_MAX_BYTES } from "@/lib/validation/uploads";
import { previewImportAction } from "./actions";
import type { ImportEvent } from "./events";

type Preview = Extract<Awaited<ReturnType<typeof previewImportAction>>, { ok: true }>["data"];
type Progress = { phase: "checking" } | { phase: "writing"; done: number; total: number };

/**
 * Posts the file to the commit route and follows its stream of JSON lines (./commit/route.ts),
 * reporting each progress line; answers the last line (done or error), or null when the
 * connection broke before one came.
 */
async function commitImport(file: File, onProgress: (p: Progress) => void): Promise<Extract<ImportEvent, { type: "done" | "error" }> | { type: "problem"; message: string } | null> {
  const fd = new FormData();
  fd.set("file", file);
  const res = await fetch("/admin/imports/commit", { method: "POST", body: fd });
  if (!res.ok || !res.body) {
    const problem = (await res.json().catch(() => null)) as { title?: string; detail?: string } | null;
    return { type: "problem", message: [problem?.title, problem?.detail].filter(Boolean).join(": ") || res.statusText };
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return null;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      const event = JSON.parse(line) as ImportEvent;
      if (event.type === "progress") onProgress(event);
      else return event;
    }
  }
}

export function ImportForm() {
  const t = useTranslations("institutionsAdmin");
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);

  const send = (kind: "preview" | "commit") => {
    const file = fileRef.current?.files?.[0];
    setAlert(null);
    if (!file) {
      setAlert({ kind: "error", text: t("no_file") });
      return;
    }
    // Said here, without sending it: a file far over the limit would not even reach the action.
    if (file.size > CSV_IMPORT_MAX_BYTES) {
      setAlert({ kind: "error", text: t("too_large") });
      return;
    }
    const fd = new FormData();
    fd.set("file", file);
    startTransition(async () => {
      if (kind === "preview") {
        const res = await previewImportAction(fd);
        if (res.ok) setPreview(res.data);
        else {
          setPreview(null);
          setAlert({ kind: "error", text: res.error.message });
        }
      } else {
        setProgress({ phase: "checking" });
        const end = await commitImport(file, setProgress).catch(() => null);
        setProgress(null);
        if (end?.type === "done") {
          setPreview(null);
          setAlert({ kind: "ok", text: t("imported", { created: String(end.created), updated: String(end.updated) }) });
          if (fileRef.current) fileRef.current.value = "";
          router.refresh();
        } else setAlert({ kind: "error", text: end ? end.message : t("import_interrupted") });
      }
    });
  };

  const errorCount = preview ? preview.errors.length + (preview.fileError ? 1 : 0) : 0;
  return (
    <div aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      {progress && (
        <div className="field" role="status">
          <label htmlFor="import-progress">{progress.phase === "checking" ? t("progress_checking") : t("progress_writing", { percent: String(Math.round((100 * progress.done) / Math.max(progress.total, 1))) })}</label>
          <progress id="import-progress" max={progress.phase === "writing" ? progress.total : undefined} value={progress.phase === "writing" ? progress.done : undefined} />
        </div>
      )}
      <div className="field">
        <label htmlFor="csv-file">{t("file")}</label>
        <input id="csv-file" ref={fileRef} type="file" accept=".csv,text/csv" onChange={() => setPreview(null)} />
      </div>
      <p className="actions-row">
        <button className="button secondary" type="button" disabled={pending} onClick={() => send("preview")}>
          {t("preview")}
        </button>
        <button className="button" type="button" disabled={pending || !preview || errorCount > 0} onClick={() => send("commit")}>
          {t("commit")}
        </button>
      </p>
      {preview && (
        <section aria-labelledby="preview-h" className="card">
          <h2 id="preview-h">{t("preview_title")}</h2>
          <p className="muted">{t("separator", { sep: preview.separator })}</p>
          {errorCount > 0 ? (
            <FormAlert kind="error">{t("preview_errors", { count: String(errorCount) })}</FormAlert>
          ) : (
            <FormAlert kind="ok">{t("preview_ok", { rows: String(preview.rows.length), created: String(preview.created), updated: String(preview.updated) })}</FormAlert>
          )}
          {preview.fileError && <p className="error">{preview.fileError}</p>}
          {preview.errors.length > 0 && (
            <ScrollBox label={t("preview_errors_table")}>
              <table data-testid="import-errors">
                <thead>
                  <tr>
                    <th scope="col">{t("line")}</th>
                    <th scope="col">{t("column")}</th>
                    <th scope="col">{t("message")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.line}</td>
                      <td>{e.column ?? "—"}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
          {errorCount === 0 && (
            <ScrollBox label={t("preview_rows_table")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("line")}</th>
                    <th scope="col">URA</th>
                    <th scope="col">{t("message")}</th>
                    <th scope="col">{t("action")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice(0, 50).map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{r.ura}</td>
                      <td>
                        {r.name}, {r.city}
                      </td>
                      <td>{r.action === "create" ? t("action_create") : t("action_update")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
          {errorCount === 0 && preview.rows.length > 50 && <p className="muted">{t("more_rows", { count: String(preview.rows.length - 50) })}</p>}
        </section>
      )}
    </div>
  );
}
