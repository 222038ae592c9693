"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { commitImportAction, previewImportAction } from "./actions";

type T = {
  file: string;
  preview: string;
  commit: string;
  preview_title: string;
  preview_ok: string;
  preview_errors: string;
  line: string;
  column: string;
  message: string;
  action: string;
  action_create: string;
  action_update: string;
  imported: string;
  no_file: string;
  more_rows: string;
  separator: string;
};
type Preview = Extract<Awaited<ReturnType<typeof previewImportAction>>, { ok: true }>["data"];

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));

export function ImportForm({ t }: { t: T }) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const send = (kind: "preview" | "commit") => {
    const file = fileRef.current?.files?.[0];
    setAlert(null);
    if (!file) {
      setAlert({ kind: "error", text: t.no_file });
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
        const res = await commitImportAction(fd);
        if (res.ok) {
          setPreview(null);
          setAlert({ kind: "ok", text: fill(t.imported, res.data) });
          if (fileRef.current) fileRef.current.value = "";
          router.refresh();
        } else setAlert({ kind: "error", text: res.error.message });
      }
    });
  };

  const errorCount = preview ? preview.errors.length + (preview.fileError ? 1 : 0) : 0;
  return (
    <div aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <div className="field">
        <label htmlFor="csv-file">{t.file}</label>
        <input id="csv-file" ref={fileRef} type="file" accept=".csv,text/csv" onChange={() => setPreview(null)} />
      </div>
      <p className="actions-row">
        <button className="button secondary" type="button" disabled={pending} onClick={() => send("preview")}>
          {t.preview}
        </button>
        <button className="button" type="button" disabled={pending || !preview || errorCount > 0} onClick={() => send("commit")}>
          {t.commit}
        </button>
      </p>
      {preview && (
        <section aria-labelledby="preview-h" className="card">
          <h2 id="preview-h">{t.preview_title}</h2>
          <p className="muted">{fill(t.separator, { sep: preview.separator })}</p>
          {errorCount > 0 ? (
            <FormAlert kind="error">{fill(t.preview_errors, { count: errorCount })}</FormAlert>
          ) : (
            <FormAlert kind="ok">{fill(t.preview_ok, { rows: preview.rows.length, created: preview.created, updated: preview.updated })}</FormAlert>
          )}
          {preview.fileError && <p className="error">{preview.fileError}</p>}
          {preview.errors.length > 0 && (
            <table data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t.line}</th>
                  <th scope="col">{t.column}</th>
                  <th scope="col">{t.message}</th>
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
          )}
          {errorCount === 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.line}</th>
                  <th scope="col">URA</th>
                  <th scope="col">{t.message}</th>
                  <th scope="col">{t.action}</th>
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
                    <td>{r.action === "create" ? t.action_create : t.action_update}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {errorCount === 0 && preview.rows.length > 50 && <p className="muted">{fill(t.more_rows, { count: preview.rows.length - 50 })}</p>}
        </section>
      )}
    </div>
  );
}
