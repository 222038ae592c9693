"use client";
/** Adds a document to a working group's page: a title and a PDF, PNG or JPEG within the shared upload limit. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
import { addEventDocumentAction } from "../actions";

export function DocumentForm({ eventId }: { eventId: string }) {
  const t = useTranslations("events");
  const tv = useTranslations("v");
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (ev: React.FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    fd.set("eventId", eventId);
    setResult(null);
    setErrors({});
    const file = fd.get("file");
    // Said here, without sending it: a file far over the limit would not even reach the action.
    if (file instanceof File && file.size > UPLOAD_MAX_BYTES) {
      setErrors({ file: tv("file_too_large", UPLOAD_LIMIT_PARAMS) });
      return;
    }
    start(async () => {
      const res = await addEventDocumentAction(fd);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        formRef.current?.reset();
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        setErrors(res.error.fieldErrors ?? {});
      }
    });
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={pending} aria-labelledby="doc-upload-h" data-testid="document-form">
      <h3 id="doc-upload-h">{t("upload_title")}</h3>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <TextField id="doc-title" name="title" label={t("doc_title")} required error={errors.title} />
      <div className="field">
        <label htmlFor="doc-file">{t("doc_file", UPLOAD_LIMIT_PARAMS)}</label>
        {errors.file && (
          <span className="error" id="doc-file-error">
            {errors.file}
          </span>
        )}
        <input id="doc-file" name="file" type="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-required aria-invalid={errors.file ? true : undefined} aria-describedby={errors.file ? "doc-file-error" : undefined} />
      </div>
      <button className="button" type="submit" disabled={pending}>
        {t("upload")}
      </button>
    </form>
  );
}
