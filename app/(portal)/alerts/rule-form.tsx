"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { FormAlert, SecretOnce, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import { ALERT_EVENTS, DEFAULT_DEGRADED_MINUTES, MAX_DEGRADED_MINUTES, targetKey, WEBHOOK_FORMATS, type AlertScope, type RecipientCandidate } from "@/lib/domain/alerts";
import { alertRuleSchema, MAX_ALERT_WEBHOOKS, type AlertRuleInput } from "@/lib/validation/alerts";
import { useMessageText } from "@/lib/validation/use-message-text";
import { createAlertRuleAction, sendTestAlertAction, updateAlertRuleAction } from "./actions";

type Option = { value: string; label: string };

/** The alert-rule form: new (no ruleId) or change. New webhooks' secrets are shown once after saving. */
export function RuleForm(props: { ruleId?: string; initial?: AlertRuleInput; scopes: AlertScope[]; vendors: Option[]; institutions: Option[]; candidates: RecipientCandidate[] }) {
  const t = useTranslations("alerts");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; secrets?: Array<{ url: string; secret: string }> } | null>(null);
  const empty: AlertRuleInput = {
    name: "",
    scope: props.scopes[0],
    vendorCode: props.vendors.length === 1 ? props.vendors[0].value : "",
    institutionId: props.institutions.length === 1 ? props.institutions[0].value : "",
    events: ["down", "recovered"],
    degradedMinutes: DEFAULT_DEGRADED_MINUTES,
    userIds: [],
    emails: "",
    webhooks: [],
    enabled: true,
  };
  const { register, handleSubmit, formState, watch, setError, reset, getValues, control } = useForm<AlertRuleInput>({ resolver: zodResolver(alertRuleSchema) as never, defaultValues: props.initial ?? empty });
  const hooks = useFieldArray({ control, name: "webhooks" });
  const [scope, vendorCode, institutionId] = watch(["scope", "vendorCode", "institutionId"]);
  const target = targetKey({ scope, vendorCode: vendorCode as string | undefined, institutionId: institutionId as string | undefined });
  const candidates = props.candidates.filter((c) => c.target === target);

  const onSubmit = handleSubmit(() =>
    startTransition(async () => {
      setResult(null);
      const values = getValues();
      const res = props.ruleId ? await updateAlertRuleAction({ id: props.ruleId, values }) : await createAlertRuleAction(values);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message, secrets: res.data.secrets });
        if (!props.ruleId) reset(empty);
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof AlertRuleInput, { message: m });
      }
    }),
  );
  const prefix = props.ruleId ? "edit" : "new";
  const webhookErrors = formState.errors.webhooks;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && (
        <FormAlert kind={result.kind}>
          {result.text}
          {result.secrets?.map((s, i) => (
            <div key={s.url + i}>
              <SecretOnce id={`${prefix}-secret-${i}`} label={t("secret_once", { url: s.url })} value={s.secret} />
            </div>
          ))}
        </FormAlert>
      )}
      <TextField id={`${prefix}-name`} label={t("name")} required maxLength={120} error={msg(formState.errors.name?.message)} {...register("name")} />
      <SelectField id={`${prefix}-scope`} label={t("scope")} required error={msg(formState.errors.scope?.message)} {...register("scope")}>
        {props.scopes.map((s) => (
          <option key={s} value={s}>
            {t(`scopes.${s}`)}
          </option>
        ))}
      </SelectField>
      {scope === "vendor" && (
        <SelectField id={`${prefix}-vendor`} label={t("vendor")} required error={msg(formState.errors.vendorCode?.message)} {...register("vendorCode")}>
          <option value="">{t("choose")}</option>
          {props.vendors.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </SelectField>
      )}
      {scope === "institution" && (
        <SelectField id={`${prefix}-institution`} label={t("institution")} required error={msg(formState.errors.institutionId?.message)} {...register("institutionId")}>
          <option value="">{t("choose")}</option>
          {props.institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </SelectField>
      )}
      <fieldset className="field" aria-describedby={formState.errors.events ? `${prefix}-events-error` : undefined}>
        <legend>{t("events")}</legend>
        {formState.errors.events && (
          <span className="error" id={`${prefix}-events-error`}>
            {msg(formState.errors.events.message)}
          </span>
        )}
        {ALERT_EVENTS.map((e) => (
          <label key={e} style={{ display: "block" }}>
            <input type="checkbox" value={e} {...register("events")} /> {t(`event.${e}`)}
          </label>
        ))}
      </fieldset>
      <TextField id={`${prefix}-degraded`} type="number" min={1} max={MAX_DEGRADED_MINUTES} label={t("degraded_minutes")} error={msg(formState.errors.degradedMinutes?.message)} {...register("degradedMinutes")} />
      <fieldset className="field" aria-describedby={formState.errors.userIds ? `${prefix}-users-error` : undefined}>
        <legend>{t("users")}</legend>
        {formState.errors.userIds && (
          <span className="error" id={`${prefix}-users-error`}>
            {msg(formState.errors.userIds.message)}
          </span>
        )}
        {candidates.length === 0 ? (
          <p className="muted">{t("users_none")}</p>
        ) : (
          candidates.map((c) => (
            <label key={c.id} style={{ display: "block" }}>
              <input type="checkbox" value={c.id} {...register("userIds")} /> {c.name} ({c.email})
            </label>
          ))
        )}
      </fieldset>
      <TextAreaField id={`${prefix}-emails`} label={t("emails")} hint={t("emails_hint")} rows={3} error={msg(formState.errors.emails?.message)} {...register("emails")} />
      <fieldset className="field">
        <legend>{t("webhooks")}</legend>
        {hooks.fields.map((f, i) => (
          <div key={f.id} className="card" style={{ marginBottom: ".5rem" }}>
            <input type="hidden" {...register(`webhooks.${i}.id`)} />
            <TextField id={`${prefix}-webhook-${i}-url`} type="url" label={t("webhook_url", { n: i + 1 })} required error={msg(webhookErrors?.[i]?.url?.message)} {...register(`webhooks.${i}.url`)} />
            <SelectField id={`${prefix}-webhook-${i}-format`} label={t("webhook_format", { n: i + 1 })} required error={msg(webhookErrors?.[i]?.format?.message)} {...register(`webhooks.${i}.format`)}>
              {WEBHOOK_FORMATS.map((w) => (
                <option key={w} value={w}>
                  {t(`format.${w}`)}
                </option>
              ))}
            </SelectField>
            <button type="button" className="button secondary" onClick={() => hooks.remove(i)}>
              {t("remove_webhook", { n: i + 1 })}
            </button>
          </div>
        ))}
        {hooks.fields.length < MAX_ALERT_WEBHOOKS && (
          <button type="button" className="button secondary" onClick={() => hooks.append({ id: "", url: "", format: "signed_json" })}>
            {t("add_webhook")}
          </button>
        )}
      </fieldset>
      <label style={{ display: "block", marginBottom: "1rem" }}>
        <input type="checkbox" {...register("enabled")} /> {t("enabled")}
      </label>
      <button className="button" type="submit" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}

/** "Test versturen" with the number of queued test messages as its answer. */
export function TestButton(props: { id: string; name: string }) {
  const t = useTranslations("alerts");
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  return (
    <>
      <button
        type="button"
        className="button secondary"
        aria-label={t("test_label", { name: props.name })}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setText(null);
            const res = await sendTestAlertAction(props.id);
            setText(res.ok ? { kind: "ok", text: t("test_queued", { queued: res.data.queued }) } : { kind: "error", text: res.error.message });
          })
        }
      >
        {t("test")}
      </button>
      {text && (
        <span role={text.kind === "error" ? "alert" : "status"} className={text.kind === "error" ? "error" : "muted"}>
          {text.text}
        </span>
      )}
    </>
  );
}
