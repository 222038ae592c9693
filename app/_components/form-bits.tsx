"use client";
/** Accessible form pieces: every input has a label, errors are linked with aria-describedby. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { forwardRef } from "react";

type FieldProps = { id: string; label: string; error?: string; hint?: string; required?: boolean };

export const TextField = forwardRef<HTMLInputElement, FieldProps & InputHTMLAttributes<HTMLInputElement>>(function TextField(
  { id, label, error, hint, required, ...input },
  ref,
) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <input id={id} ref={ref} aria-invalid={error ? true : undefined} aria-required={required || undefined} aria-describedby={describedBy} {...input} />
    </div>
  );
});

export const SelectField = forwardRef<
  HTMLSelectElement,
  FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }
>(function SelectField({ id, label, error, hint, required, children, ...select }, ref) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <select id={id} ref={ref} aria-invalid={error ? true : undefined} aria-required={required || undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
    </div>
  );
});

export const TextAreaField = forwardRef<HTMLTextAreaElement, FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>>(function TextAreaField(
  { id, label, error, hint, required, ...textarea },
  ref,
) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <textarea id={id} ref={ref} aria-invalid={error ? true : undefined} aria-required={required || undefined} aria-describedby={describedBy} {...textarea} />
    </div>
  );
});

export function FormAlert({ kind, children }: { kind: "error" | "ok" | "info"; children: ReactNode }) {
  return (
    <div className={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/**
 * A secret shown once, after saving (an API token, a webhook's signing secret): read-only, in a
 * monospace font, selected whole on focus so it can be copied.
 */
export function SecretOnce({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} style={{ width: "100%", fontFamily: "monospace" }} onFocus={(e) => e.currentTarget.select()} />
    </>
  );
}
