"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
import { createVersionAction, publishVersionAction } from "./actions";

export function NewVersionForm({ documentType, suggested }: { documentType: string; suggested: string }) {
  const t = useTranslations("toolkit");
  const tv = useTranslations("v");
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  return (
    <form
      ref={formRef}
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        fd.set("documentType", documentType);
        setAlert(null);
        // Said here, without sending it: a file far over the limit would not even reach the action.
        const file = fd.get("file");
        if (file instanceof File && file.size > UPLOAD_MAX_BYTES) {
          setErrors({ file: tv("file_too_large", UPLOAD_LIMIT_PARAMS) });
          setAlert({ kind: "error", text: tv("file_too_large", UPLOAD_LIMIT_PARAMS) });
          return;
        }
        startTransition(async () => {
          const res = await createVersionAction(fd);
          if (res.ok) {
            setErrors({});
            setAlert({ kind: "ok", text: res.message ?? "" });
            formRef.current?.reset();
            router.refresh();
          } else {
            setErrors(res.error.fieldErrors ?? {});
            setAlert({ kind: "error", text: res.error.message });
          }
        });
      }}
    >
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <TextField id="nv-label" name="versionLabel" label={t("version_label")} hint={t("version_hint")} defaultValue={suggested} required error={errors.versionLabel} maxLength={7} />
      <div className="field">
        <label htmlFor="nv-note">{t("change_note")}</label>
        <span className="hint" id="nv-note-hint">
          {t("change_note_hint")}
        </span>
        {errors.changeNote && (
          <span className="error" id="nv-note-error">
            {errors.changeNote}
          </span>
        )}
        <textarea
          id="nv-note"
          name="changeNote"
          rows={3}
          maxLength={1000}
          required
          aria-required
          aria-invalid={errors.changeNote ? true : undefined}
          aria-describedby={`nv-note-hint${errors.changeNote ? " nv-note-error" : ""}`}
        />
      </div>
      <div className="field">
        <label htmlFor="nv-file">{t("template_file")}</label>
        <span className="hint" id="nv-file-hint">
          {t("template_file_hint")}
        </span>
        {errors.file && (
          <span className="error" id="nv-file-error">
            {errors.file}
          </span>
        )}
        <input id="nv-file" name="file" type="file" accept=".pdf,application/pdf" aria-describedby={`nv-file-hint${errors.file ? " nv-file-error" : ""}`} aria-invalid={errors.file ? true : undefined} />
      </div>
      <button className="button" type="submit" disabled={pending}>
        {t("create")}
      </button>
    </form>
  );
}

export function PublishForm({ templateId, changeNote, version }: { templateId: string; changeNote: string; version: string }) {
  const t = useTranslations("toolkit");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const id = `pub-${templateId}`;
  return (
    <form
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        fd.set("templateId", templateId);
        startTransition(async () => {
          const res = await publishVersionAction(fd);
          // This form leaves the page with its draft row once the version is published: the page
          // itself confirms the publication (?published=…), so the message outlives the refresh.
          if (res.ok) router.replace(`?published=${encodeURIComponent(version)}`, { scroll: false });
          else setAlert({ kind: "error", text: res.error.message });
        });
      }}
    >
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <div className="field">
        <label htmlFor={id}>
          {t("publish_note")} ({version})
        </label>
        <textarea id={id} name="changeNote" rows={2} maxLength={1000} defaultValue={changeNote} required aria-required />
      </div>
      <button className="button" type="submit" disabled={pending} aria-label={`${t("publish")}: ${version}`}>
        {t("publish")}
      </button>
    </form>
  );
}
