"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { stepReportSchema, type StepReportInput } from "@/lib/validation/onboarding";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { reportStepAction } from "../actions";

type Labels = {
  completedOn: string;
  completedOnHint: string;
  note: string;
  link: string;
  linkHint: string;
  file: string;
  currentFile: string;
  keepFile: string;
  saveDraft: string;
  submit: string;
  savedDraft: string;
  submitted: string;
};
type Rule = "required" | "optional" | "not_allowed";

/** The connectivity-check picker (steps that take a check result). */
export type CheckPicker = {
  current: { label: string; href: string; down: boolean } | null;
  options: Array<{ value: string; label: string }>;
  endpoints: Array<{ href: string; label: string }>;
  labels: { field: string; hint: string; none: string; noneAvailable: string; runOn: string; noEndpoints: string; keep: string; downWarning: string };
};

const MAX_BYTES = 10 * 1024 * 1024;

export function StepReportForm(props: {
  institutionId: string;
  stepCode: string;
  version: number;
  today: string;
  prefill: { completedOn: string; note: string; link: string };
  currentFile: string | null;
  check?: CheckPicker | null;
  rules: { document: Rule; freeText: Rule; checkResult: Rule };
  labels: Labels;
  errorText: Record<string, string>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setValue, setError } = useForm<StepReportInput>({
    resolver: zodResolver(stepReportSchema),
    defaultValues: {
      institutionId: props.institutionId,
      stepCode: props.stepCode as StepReportInput["stepCode"],
      intent: "submit",
      completedOn: props.prefill.completedOn,
      note: props.prefill.note,
      link: props.prefill.link,
      keepEvidence: Boolean(props.currentFile),
      keepCheckEvidence: true,
      checkResultId: "",
      version: props.version,
    },
  });
  const msg = (m?: string) => (m ? (props.errorText[m] ?? m) : undefined);
  const { labels } = props;
  const fileReg = register("evidence" as never);

  const submitWith = (intent: "draft" | "submit") =>
    handleSubmit((values) => {
      setResult(null);
      setFileError(null);
      const file = fileRef.current?.files?.[0];
      if (file && file.size > MAX_BYTES) {
        setFileError(props.errorText["v.file_too_large"]);
        return;
      }
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...values, intent })) if (v !== undefined && v !== null) fd.set(k, String(v));
      if (file) fd.set("evidence", file);
      startTransition(async () => {
        const res = await reportStepAction(fd);
        if (res.ok) {
          setResult({ kind: "ok", text: intent === "draft" ? labels.savedDraft : labels.submitted });
          router.refresh();
        } else {
          setResult({ kind: "error", text: res.error.message });
          for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) {
            if (f === "evidence") setFileError(m);
            else setError(f as keyof StepReportInput, { message: m });
          }
        }
      });
    });

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <input type="hidden" {...register("institutionId")} />
      <input type="hidden" {...register("stepCode")} />
      <input type="hidden" {...register("version")} />
      <TextField
        id="completedOn"
        label={labels.completedOn}
        hint={labels.completedOnHint}
        type="date"
        max={props.today}
        required
        error={msg(formState.errors.completedOn?.message)}
        {...register("completedOn")}
      />
      {props.rules.freeText !== "not_allowed" && (
        <div className="field">
          <label htmlFor="note">{labels.note}</label>
          {formState.errors.note?.message && (
            <span className="error" id="note-error">
              {msg(formState.errors.note.message)}
            </span>
          )}
          <textarea id="note" rows={3} maxLength={2000} aria-invalid={formState.errors.note ? true : undefined} aria-describedby={formState.errors.note ? "note-error" : undefined} {...register("note")} />
        </div>
      )}
      {props.check && (
        <div className="field">
          <label htmlFor="checkResultId">{props.check.labels.field}</label>
          <span className="hint" id="checkResultId-hint">
            {props.check.labels.hint}
          </span>
          {props.check.current && (
            <span className="hint" id="checkResultId-current">
              <a href={props.check.current.href}>{props.check.current.label}</a>
              {props.check.current.down && <strong className="error"> {props.check.labels.downWarning}</strong>}
            </span>
          )}
          {formState.errors.checkResultId?.message && (
            <span className="error" id="checkResultId-error">
              {msg(formState.errors.checkResultId.message)}
            </span>
          )}
          {props.check.options.length > 0 ? (
            <select
              id="checkResultId"
              aria-invalid={formState.errors.checkResultId ? true : undefined}
              aria-describedby={["checkResultId-hint", props.check.current ? "checkResultId-current" : null, formState.errors.checkResultId ? "checkResultId-error" : null].filter(Boolean).join(" ")}
              {...register("checkResultId")}
            >
              <option value="">{props.check.labels.none}</option>
              {props.check.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <p className="muted">{props.check.labels.noneAvailable}</p>
          )}
          {props.check.current && (
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" {...register("keepCheckEvidence")} /> {props.check.labels.keep}
            </label>
          )}
          <p className="muted">
            {props.check.endpoints.length === 0 ? (
              props.check.labels.noEndpoints
            ) : (
              <>
                {props.check.labels.runOn}{" "}
                {props.check.endpoints.map((e, i) => (
                  <span key={e.href}>
                    {i > 0 && ", "}
                    <a href={e.href}>{e.label}</a>
                  </span>
                ))}
              </>
            )}
          </p>
        </div>
      )}
      {props.rules.checkResult !== "not_allowed" && (
        <TextField id="link" label={labels.link} hint={labels.linkHint} type="text" inputMode="url" error={msg(formState.errors.link?.message)} {...register("link")} />
      )}
      {props.rules.document !== "not_allowed" && (
        <div className="field">
          <label htmlFor="evidence">{labels.file}</label>
          {props.currentFile && (
            <span className="hint" id="evidence-current">
              {labels.currentFile.replace("{name}", props.currentFile)}
            </span>
          )}
          {fileError && (
            <span className="error" id="evidence-error">
              {fileError}
            </span>
          )}
          <input
            id="evidence"
            type="file"
            accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={[props.currentFile ? "evidence-current" : null, fileError ? "evidence-error" : null].filter(Boolean).join(" ") || undefined}
            name={fileReg.name}
            onBlur={fileReg.onBlur}
            onChange={fileReg.onChange}
            ref={(el) => {
              fileReg.ref(el);
              fileRef.current = el;
            }}
          />
          {props.currentFile && (
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" {...register("keepEvidence")} /> {labels.keepFile}
            </label>
          )}
        </div>
      )}
      <div className="actions-row">
        <button className="button" type="button" disabled={pending} onClick={() => (setValue("intent", "submit"), submitWith("submit")())}>
          {labels.submit}
        </button>
        <button className="button secondary" type="button" disabled={pending} onClick={() => (setValue("intent", "draft"), submitWith("draft")())}>
          {labels.saveDraft}
        </button>
      </div>
    </form>
  );
}
