"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { ScrollBox } from "@/app/_components/scroll-box";
import { CSV_IMPORT_MAX_BYTES } from "@/lib/validation/uploads";
import { commitVolumesAction, previewVolumesAction, type VolumeUploadResult } from "./actions";

/** Choose a file, check it (preview with per-row errors), then store it all or nothing. */
export function VolumesForm() {
  const t = useTranslations("golive.volumes");
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [preview, setPreview] = useState<VolumeUploadResult | null>(null);
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const send = (kind: "preview" | "commit") => {
    const file = fileRef.current?.files?.[0];
    setAlert(null);
    if (!file) {
      setAlert({ kind: "error", text: t("file_required") });
      return;
    }
    if (file.size > CSV_IMPORT_MAX_BYTES) {
      setAlert({ kind: "error", text: t("too_large") });
      return;
    }
    const fd = new FormData();
    fd.set("file", file);
    startTransition(async () => {
      const res = kind === "preview" ? await previewVolumesAction(fd) : await commitVolumesAction(fd);
      if (!res.ok) {
        setPreview(null);
        setAlert({ kind: "error", text: res.error.message });
      } else if (kind === "preview" || res.data.errors.length > 0) {
        setPreview(res.data);
      } else {
        setPreview(null);
        setAlert({ kind: "ok", text: t("saved", { count: res.data.saved }) });
        if (fileRef.current) fileRef.current.value = "";
        router.refresh();
      }
    });
  };

  const errors = preview?.errors ?? [];
  return (
    <div aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <div className="field">
        <label htmlFor="volumes-file">{t("file")}</label>
        <input id="volumes-file" ref={fileRef} type="file" accept=".csv,text/csv" onChange={() => setPreview(null)} />
      </div>
      <p className="actions-row">
        <button className="button secondary" type="button" disabled={pending} onClick={() => send("preview")}>
          {t("check")}
        </button>
        <button className="button" type="button" disabled={pending || !preview || errors.length > 0} onClick={() => send("commit")}>
          {t("submit")}
        </button>
      </p>
      {preview && (
        <section aria-labelledby="volumes-preview-h" className="card">
          <h2 id="volumes-preview-h">{t("preview_title")}</h2>
          {errors.length > 0 ? (
            <>
              <FormAlert kind="error">{t("errors_count", { count: errors.length })}</FormAlert>
              <ul data-testid="volume-errors">
                {errors.map((e, i) => (
                  <li key={i}>{e.message}</li>
                ))}
              </ul>
            </>
          ) : (
            <>
              <FormAlert kind="ok">{t("preview_ok", { count: preview.rows.length })}</FormAlert>
              <ScrollBox label={t("preview_title")}>
                <table data-testid="volume-rows">
                  <thead>
                    <tr>
                      <th scope="col">{t("col_institution")}</th>
                      <th scope="col">{t("col_month")}</th>
                      <th scope="col">{t("col_direction")}</th>
                      <th scope="col">{t("col_counterpart")}</th>
                      <th scope="col">{t("col_documents")}</th>
                      <th scope="col">{t("col_studies")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.slice(0, 100).map((r) => (
                      <tr key={`${r.ura}-${r.month}-${r.direction}-${r.counterpart}`}>
                        <td>
                          {r.name} ({r.ura})
                        </td>
                        <td>{r.month}</td>
                        <td>{r.direction === "in" ? t("direction_in") : t("direction_out")}</td>
                        <td>{r.counterpart}</td>
                        <td>{r.documents}</td>
                        <td>{r.studies}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollBox>
              {preview.rows.length > 100 && <p className="muted">{t("more_rows", { count: preview.rows.length - 100 })}</p>}
            </>
          )}
        </section>
      )}
    </div>
  );
}
