"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
import { applyIntakeAction, previewIntakeAction } from "../../actions";
import { ScrollBox } from "@/app/_components/scroll-box";

type Preview = Extract<Awaited<ReturnType<typeof previewIntakeAction>>, { ok: true }>["data"];

export function IntakeForm({ institutionId }: { institutionId: string }) {
  const t = useTranslations("toolkit");
  const tv = useTranslations("v");
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string; details?: string[] } | null>(null);

  const send = (kind: "preview" | "apply") => {
    const file = fileRef.current?.files?.[0];
    setAlert(null);
    if (!file) {
      setAlert({ kind: "error", text: t("intake_no_file") });
      return;
    }
    // Said here, without sending it: a file far over the limit would not even reach the action.
    if (file.size > UPLOAD_MAX_BYTES) {
      setAlert({ kind: "error", text: tv("file_too_large", UPLOAD_LIMIT_PARAMS) });
      return;
    }
    const fd = new FormData();
    fd.set("institutionId", institutionId);
    fd.set("file", file);
    startTransition(async () => {
      if (kind === "preview") {
        const res = await previewIntakeAction(fd);
        if (res.ok) setPreview(res.data);
        else {
          setPreview(null);
          setAlert({ kind: "error", text: res.error.message });
        }
        return;
      }
      fd.set("fingerprint", preview?.fingerprint ?? "");
      const res = await applyIntakeAction(fd);
      if (res.ok) {
        setPreview(null);
        setAlert({ kind: "ok", text: res.message ?? "" });
        if (fileRef.current) fileRef.current.value = "";
        router.refresh();
      } else setAlert({ kind: "error", text: res.error.message });
    });
  };

  const blocked = !preview || preview.errors.length > 0 || preview.changes.length === 0;
  return (
    <div aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <div className="field">
        <label htmlFor="intake-file">{t("intake_file")}</label>
        <span className="hint" id="intake-file-hint">
          {t("intake_file_hint", UPLOAD_LIMIT_PARAMS)}
        </span>
        <input id="intake-file" aria-describedby="intake-file-hint" ref={fileRef} type="file" accept=".pdf,application/pdf" onChange={() => setPreview(null)} />
      </div>
      <p className="actions-row">
        <button className="button secondary" type="button" disabled={pending} onClick={() => send("preview")}>
          {t("intake_preview")}
        </button>
        <button className="button" type="button" disabled={pending || blocked} onClick={() => send("apply")}>
          {t("intake_apply")}
        </button>
      </p>
      {preview && (
        <section className="card" aria-labelledby="intake-preview-h" data-testid="intake-preview">
          <h2 id="intake-preview-h" style={{ marginTop: 0 }}>
            {t("intake_changes_title")}
          </h2>
          {preview.formVersion && <p className="muted">{t("intake_form_version", { version: preview.formVersion })}</p>}
          {preview.errors.length > 0 && (
            <FormAlert kind="error">
              {t("intake_errors")}
              <ul>
                {preview.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </FormAlert>
          )}
          {preview.changes.length === 0 ? (
            <p>{t("intake_no_changes")}</p>
          ) : (
            <ScrollBox label={t("intake_changes_title")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("intake_field")}</th>
                    <th scope="col">{t("intake_from")}</th>
                    <th scope="col">{t("intake_to")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.changes.map((c) => (
                    <tr key={c.field} data-field={c.field}>
                      <td>{c.label}</td>
                      <td>{c.from ?? "—"}</td>
                      <td>
                        <strong>{c.to}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          )}
          <p className="muted">{t("intake_note")}</p>
        </section>
      )}
    </div>
  );
}
