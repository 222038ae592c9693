"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "next-intl";
import { stepReportSchema, type StepReportInput } from "@/lib/validation/onboarding";
import { UPLOAD_LIMIT_PARAMS, UPLOAD_MAX_BYTES } from "@/lib/validation/uploads";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { reportStepAction } from "../actions";

type Rule = "required" | "optional" | "not_allowed";

/** The connectivity-check picker (steps that take a check result): the attached check, the choices, the endpoints to test. */
export type CheckPicker = {
  current: { label: string; href: string; down: boolean } | null;
  options: Array<{ value: string; label: string }>;
  endpoints: Array<{ href: string; label: string }>;
};

export function StepReportForm(props: {
  institutionId: string;
  stepCode: string;
  version: number;
  today: string;
  prefill: { completedOn: string; note: string; link: string };
  currentFile: string | null;
  /** Keep the current file unless unticked; false when it is another person's (an admin reporting on behalf). */
  keepFileByDefault?: boolean;
  check?: CheckPicker | null;
  rules: { document: Rule; freeText: Rule; checkResult: Rule };
}) {
  const t = useTranslations();
  const o = useTranslations("onboarding");
  const ce = useTranslations("onboarding.check_evidence");
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
      keepEvidence: Boolean(props.currentFile) && props.keepFileByDefault !== false,
      keepCheckEvidence: true,
      checkResultId: "",
      version: props.version,
    },
  });
  // Schema messages are "v.*" keys; the action's field errors arrive as text.
  const msg = (m?: string) => (m ? (/^v\.[a-z0-9_]+$/.test(m) ? t(m) : m) : undefined);
  const rule = (r: Rule) => (r === "required" ? o("mandatory") : o("optional"));
  const labels = {
    note: `${o("note")} (${rule(props.rules.freeText)})`,
    // With the check picker shown, the link is the alternative, not the main way.
    link: `${o("link")} (${props.check ? o("optional") : rule(props.rules.checkResult)})`,
    file: `${o("file", UPLOAD_LIMIT_PARAMS)} (${rule(props.rules.document)})`,
  };
  const fileReg = register("evidence" as never);

  const submitWith = (intent: "draft" | "submit") =>
    handleSubmit((values) => {
      setResult(null);
      setFileError(null);
      const file = fileRef.current?.files?.[0];
      if (file && file.size > UPLOAD_MAX_BYTES) {
        setFileError(t("v.file_too_large", UPLOAD_LIMIT_PARAMS));
        return;
      }
      const fd = new FormData();
      for (const [k, v] of Object.entries({ ...values, intent })) if (v !== undefined && v !== null) fd.set(k, String(v));
      if (file) fd.set("evidence", file);
      startTransition(async () => {
        const res = await reportStepAction(fd);
        if (res.ok) {
          if (intent === "draft") {
            setResult({ kind: "ok", text: o("saved_draft") });
            router.refresh();
          } else {
            // The page confirms the submit (?submitted=1) and shows the form closed.
            router.replace("?submitted=1", { scroll: false });
            router.refresh();
          }
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
        label={`${o("completed_on")} (${o("mandatory")})`}
        hint={o("completed_on_hint")}
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
          <label htmlFor="checkResultId">{`${ce("field")} (${rule(props.rules.checkResult)})`}</label>
          <span className="hint" id="checkResultId-hint">
            {ce("field_hint")}
          </span>
          {props.check.current && (
            <span className="hint" id="checkResultId-current">
              <a href={props.check.current.href}>{props.check.current.label}</a>
              {props.check.current.down && <strong className="error"> {ce("down_warning")}</strong>}
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
              <option value="">{ce("none_chosen")}</option>
              {props.check.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <p className="muted">{ce("none_available")}</p>
          )}
          {props.check.current && (
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" {...register("keepCheckEvidence")} /> {ce("keep")}
            </label>
          )}
          <p className="muted">
            {props.check.endpoints.length === 0 ? (
              ce("no_endpoints")
            ) : (
              <>
                {ce("run_on")}{" "}
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
        <TextField id="link" label={labels.link} hint={o("link_hint")} type="text" inputMode="url" error={msg(formState.errors.link?.message)} {...register("link")} />
      )}
      {props.rules.document !== "not_allowed" && (
        <div className="field">
          <label htmlFor="evidence">{labels.file}</label>
          {props.currentFile && (
            <span className="hint" id="evidence-current">
              {o("current_file", { name: props.currentFile })}
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
              <input type="checkbox" {...register("keepEvidence")} /> {o("keep_file")}
            </label>
          )}
        </div>
      )}
      <div className="actions-row">
        <button className="button" type="button" disabled={pending} onClick={() => (setValue("intent", "submit"), submitWith("submit")())}>
          {o("submit")}
        </button>
        <button className="button secondary" type="button" disabled={pending} onClick={() => (setValue("intent", "draft"), submitWith("draft")())}>
          {o("save_draft")}
        </button>
      </div>
    </form>
  );
}
