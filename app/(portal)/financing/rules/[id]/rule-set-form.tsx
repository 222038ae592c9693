"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useFieldArray, useForm, type FieldErrors } from "react-hook-form";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { VENDOR_CODES, VENDOR_LABELS } from "@/lib/domain/vendors";
import { RULE_KINDS, emptyRuleForm, ruleSetFormSchema, type RuleSetFormInput, type RuleSetFormValues } from "@/lib/validation/financing";
import { useMessageText } from "@/lib/validation/use-message-text";
import { saveDraftAction } from "../actions";

function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const m = (node as { message?: unknown } | undefined)?.message;
  return typeof m === "string" ? m : undefined;
}

/** The draft's form; `stepCodes` are the steps a rule can depend on, in catalogue order. */
export function RuleSetForm(props: { id: string; revision: number; onSaved: (revision: number) => void; onBusy?: (busy: boolean) => void; defaults: RuleSetFormInput; stepCodes: string[] }) {
  const t = useTranslations("financing");
  const tf = useTranslations("financing.form");
  const ts = useTranslations("steps.title");
  const msg = useMessageText();
  const steps = props.stepCodes.map((code) => ({ code, title: ts.has(code) ? ts(code) : code }));
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; problems?: string[] } | null>(null);
  const { register, handleSubmit, formState, watch, control, getValues, setError } = useForm<RuleSetFormInput, unknown, RuleSetFormValues>({
    resolver: zodResolver(ruleSetFormSchema) as never,
    defaultValues: props.defaults,
  });
  const rules = useFieldArray({ control, name: "rules" });
  const watchedRules = watch("rules") ?? [];
  const integral = watch("integral");
  const err = (path: string) => msg(errorAt(formState.errors as FieldErrors, path));

  const onSubmit = handleSubmit(
    () =>
      start(async () => {
        props.onBusy?.(true);
        const res = await saveDraftAction({ id: props.id, expectedRevision: props.revision, values: getValues() }).finally(() => props.onBusy?.(false));
        if (res.ok) {
          props.onSaved(res.data.revision);
          setResult({ kind: "ok", text: tf("saved") });
          router.refresh();
          return;
        }
        const problems: string[] = [];
        for (const [k, m] of Object.entries(res.error.fieldErrors ?? {})) {
          if (k.startsWith("problem.")) problems.push(m);
          else setError(k as never, { message: m });
        }
        setResult({ kind: "error", text: problems.length > 0 ? tf("problems") : res.error.message, problems });
      }),
    () => setResult({ kind: "error", text: tf("problems") }),
  );

  const checkboxGrid = { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(16rem, 1fr))", gap: ".25rem 1rem" } as const;

  return (
    <form
      onSubmit={(e) => {
        // Clear the last result at once, so an old "saved" never stands for this save.
        setResult(null);
        return onSubmit(e);
      }}
      noValidate aria-busy={pending} aria-label={t("edit_draft")}>
      {result && (
        <FormAlert kind={result.kind}>
          {result.text}
          {result.problems && result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </FormAlert>
      )}

      <fieldset>
        <legend>{tf("general")}</legend>
        <div className="grid">
          <TextField id="rs-from" type="date" label={t("effective_from")} required error={err("effectiveFrom")} {...register("effectiveFrom")} />
          <TextField id="rs-until" type="date" label={t("effective_until")} hint={t("effective_until_hint")} error={err("effectiveUntil")} {...register("effectiveUntil")} />
          <TextField id="rs-review" type="date" label={t("review_date")} error={err("reviewDate")} {...register("reviewDate")} />
        </div>
        <div className="grid">
          <TextField id="rs-title-nl" label={tf("title_nl")} required error={err("titleNl")} {...register("titleNl")} />
          <TextField id="rs-title-en" label={tf("title_en")} required error={err("titleEn")} {...register("titleEn")} />
        </div>
        <div className="field">
          <label htmlFor="rs-note">{t("change_note")}</label>
          <span className="hint" id="rs-note-hint">
            {t("change_note_hint")}
          </span>
          {err("changeNote") && (
            <span className="error" id="rs-note-error">
              {err("changeNote")}
            </span>
          )}
          <textarea id="rs-note" rows={2} aria-describedby={`rs-note-hint${err("changeNote") ? " rs-note-error" : ""}`} {...register("changeNote")} />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" {...register("integral")} /> {tf("integral")}
          </label>
          <span className="hint">{tf("integral_hint")}</span>
        </div>
        {Boolean(integral) && (
          <fieldset>
            <legend>{tf("package_conditions")}</legend>
            {err("packageConditions") && <p className="error">{err("packageConditions")}</p>}
            <div style={checkboxGrid}>
              {steps.map((s) => (
                <label key={s.code}>
                  <input type="checkbox" value={s.code} {...register("packageConditions")} /> {s.title}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="grid">
          <div className="field">
            <label htmlFor="rs-excl-nl">{tf("exclusions_nl")}</label>
            <textarea id="rs-excl-nl" rows={2} {...register("exclusionsNl")} />
          </div>
          <div className="field">
            <label htmlFor="rs-excl-en">{tf("exclusions_en")}</label>
            {err("exclusionsEn") && (
              <span className="error" id="rs-excl-en-error">
                {err("exclusionsEn")}
              </span>
            )}
            <textarea id="rs-excl-en" rows={2} aria-describedby={err("exclusionsEn") ? "rs-excl-en-error" : undefined} {...register("exclusionsEn")} />
          </div>
        </div>
      </fieldset>

      <h2>{tf("rules")}</h2>
      {err("rules") && <p className="error">{err("rules")}</p>}
      {rules.fields.map((field, i) => {
        const kind = watchedRules[i]?.kind ?? "annual";
        const n = i + 1;
        const p = `rules.${i}` as const;
        return (
          <fieldset key={field.id} className="card" data-rule={watchedRules[i]?.code}>
            <legend>
              {tf("rule_n", { n })}: {watchedRules[i]?.titleNl}
            </legend>
            <div className="grid">
              <TextField id={`r${i}-code`} label={tf("code")} hint={tf("code_hint")} required autoComplete="off" spellCheck={false} error={err(`${p}.code`)} {...register(`${p}.code`)} />
              <SelectField id={`r${i}-kind`} label={tf("kind")} required error={err(`${p}.kind`)} {...register(`${p}.kind`)}>
                {RULE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tf(`kinds.${k}`)}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="grid">
              <TextField id={`r${i}-title-nl`} label={tf("rule_title_nl")} required error={err(`${p}.titleNl`)} {...register(`${p}.titleNl`)} />
              <TextField id={`r${i}-title-en`} label={tf("rule_title_en")} required error={err(`${p}.titleEn`)} {...register(`${p}.titleEn`)} />
            </div>
            <div className="grid">
              <div className="field">
                <label htmlFor={`r${i}-desc-nl`}>{tf("description_nl")}</label>
                <textarea id={`r${i}-desc-nl`} rows={3} {...register(`${p}.descriptionNl`)} />
              </div>
              <div className="field">
                <label htmlFor={`r${i}-desc-en`}>{tf("description_en")}</label>
                <textarea id={`r${i}-desc-en`} rows={3} {...register(`${p}.descriptionEn`)} />
              </div>
            </div>
            {kind === "central_funding" && <TextField id={`r${i}-funded`} label={tf("funded_by")} required error={err(`${p}.fundedBy`)} {...register(`${p}.fundedBy`)} />}
            {kind === "annual" && (
              <div className="field">
                <label>
                  <input type="checkbox" {...register(`${p}.proRata`)} /> {tf("pro_rata")}
                </label>
              </div>
            )}

            <fieldset>
              <legend>{tf("vendors")}</legend>
              {err(`${p}.vendors`) && <p className="error">{err(`${p}.vendors`)}</p>}
              {VENDOR_CODES.map((v) => {
                const vv = watchedRules[i]?.vendors?.[v];
                const name = VENDOR_LABELS[v].name;
                return (
                  <div key={v} className="actions-row" style={{ alignItems: "flex-end", marginBottom: ".5rem" }} data-vendor={v}>
                    <label style={{ minWidth: "14rem" }}>
                      <input type="checkbox" {...register(`${p}.vendors.${v}.applies`)} /> {tf("applies", { vendor: name })}
                    </label>
                    {Boolean(vv?.applies) && kind !== "central_funding" && (
                      <>
                        <TextField
                          id={`r${i}-amount-${v}`}
                          label={tf("amount", { vendor: name })}
                          hint={kind === "annual" ? tf("amount_hint_annual") : tf("amount_hint_one_off")}
                          inputMode="decimal"
                          autoComplete="off"
                          disabled={vv?.tbd === true}
                          error={err(`${p}.vendors.${v}.amount`)}
                          {...register(`${p}.vendors.${v}.amount`)}
                        />
                        <label style={{ marginBottom: "1rem" }}>
                          <input type="checkbox" {...register(`${p}.vendors.${v}.tbd`)} /> {tf("tbd")}
                          <span className="visually-hidden"> ({name})</span>
                        </label>
                      </>
                    )}
                  </div>
                );
              })}
            </fieldset>

            <fieldset>
              <legend>{tf("conditions")}</legend>
              <div style={checkboxGrid}>
                {steps.map((s) => (
                  <label key={s.code}>
                    <input type="checkbox" value={s.code} {...register(`${p}.conditions`)} /> {s.title}
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="button" className="button secondary" onClick={() => rules.remove(i)} disabled={rules.fields.length <= 1}>
              {tf("remove_rule", { n })}
            </button>
          </fieldset>
        );
      })}
      <p className="actions-row">
        <button type="button" className="button secondary" onClick={() => rules.append(emptyRuleForm(`regel_${rules.fields.length + 1}`))}>
          {tf("add_rule")}
        </button>
        <button type="submit" className="button" disabled={pending}>
          {pending ? tf("saving") : tf("save")}
        </button>
      </p>
    </form>
  );
}
