"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { useMessageText } from "@/lib/validation/use-message-text";
import {
  ENDPOINT_ENVIRONMENTS,
  ENDPOINT_STATUSES,
  ENDPOINT_TRANSACTIONS,
  PROBE_MODES,
  makeEndpointSchema,
  type EndpointFormInput,
  type EndpointSchemaOptions,
  type EndpointValues,
} from "@/lib/validation/endpoints";
import { saveEndpointAction } from "./actions";

type Option = { value: string; label: string };
type WindowInput = { kind: "once" | "weekly"; day?: string | number; start: string; end: string; note?: string };

export function EndpointForm(props: {
  mode: "new" | "edit";
  id?: string;
  version?: number;
  institutions: Option[];
  institutionVendors: Record<string, string | null>;
  vendors: Option[];
  centralVendors: string[];
  defaults: EndpointFormInput;
  institutionLabel?: string;
  schemaOptions: EndpointSchemaOptions;
}) {
  const t = useTranslations("registry");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const schema = useMemo(() => makeEndpointSchema(props.schemaOptions), [props.schemaOptions]);
  const { register, handleSubmit, formState, watch, setError, control, getValues, setValue } = useForm<EndpointFormInput, unknown, EndpointValues>({
    resolver: zodResolver(schema) as never,
    defaultValues: props.defaults,
  });
  const windows = useFieldArray({ control, name: "maintenanceWindows" as never });
  const errors = formState.errors as Record<string, { message?: string } | undefined> & { maintenanceWindows?: ({ [k: string]: { message?: string } | undefined } | undefined)[] };
  const watched = (watch("maintenanceWindows") ?? []) as WindowInput[];
  const mayMarkCentral = props.centralVendors.includes(watch("vendorCode"));

  const onSubmit = handleSubmit(() =>
    startTransition(async () => {
      setResult(null);
      const res = await saveEndpointAction({ id: props.id, expectedVersion: props.version, values: getValues() });
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.changed === 0 ? t("form.unchanged") : t("form.saved") });
        router.push(`/registry/${res.data.id}`);
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof EndpointFormInput, { message: m });
      }
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      {props.mode === "new" ? (
        <SelectField
          id="ep-institution"
          label={t("institution")}
          required
          error={msg(errors.institutionId?.message)}
          {...register("institutionId", {
            onChange: (e) => {
              const v = props.institutionVendors[e.target.value];
              if (v) setValue("vendorCode", v as EndpointFormInput["vendorCode"]);
            },
          })}
        >
          <option value="">{t("form.choose")}</option>
          {props.institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </SelectField>
      ) : (
        <p>
          <strong>{t("institution")}:</strong> {props.institutionLabel}
          <input type="hidden" {...register("institutionId")} />
        </p>
      )}
      <div className="grid">
        <SelectField id="ep-environment" label={t("environment")} required error={msg(errors.environment?.message)} {...register("environment")}>
          {ENDPOINT_ENVIRONMENTS.map((e) => (
            <option key={e} value={e}>
              {t(`environments.${e}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="ep-transaction" label={t("transaction")} required error={msg(errors.transaction?.message)} {...register("transaction")}>
          {ENDPOINT_TRANSACTIONS.map((x) => (
            <option key={x} value={x}>
              {t(`transactions.${x}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="ep-status" label={t("status")} required error={msg(errors.status?.message)} {...register("status")}>
          {ENDPOINT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField id="ep-url" label={t("url")} hint={t("form.url_hint")} required inputMode="url" autoComplete="off" spellCheck={false} error={msg(errors.url?.message)} {...register("url")} />
      <TextField id="ep-hcid" label={t("hcid")} hint={t("form.hcid_hint")} required autoComplete="off" spellCheck={false} error={msg(errors.homeCommunityId?.message)} {...register("homeCommunityId")} />
      <div className="grid">
        <SelectField id="ep-vendor" label={t("vendor")} hint={t("form.vendor_hint")} required error={msg(errors.vendorCode?.message)} {...register("vendorCode")}>
          {props.vendors.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </SelectField>
        <SelectField id="ep-probe" label={t("probe_mode")} hint={t("form.probe_hint")} error={msg(errors.probeMode?.message)} {...register("probeMode")}>
          {PROBE_MODES.map((p) => (
            <option key={p} value={p}>
              {t(`probe_modes.${p}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {mayMarkCentral && (
        <div className="field">
          <label htmlFor="ep-central" style={{ fontWeight: 400 }}>
            <input id="ep-central" type="checkbox" aria-describedby="ep-central-hint" {...register("central")} /> {t("form.central")}
          </label>
          <span className="hint" id="ep-central-hint">
            {t("form.central_hint")}
          </span>
          {errors.central?.message && <span className="error">{msg(errors.central.message)}</span>}
        </div>
      )}
      <div className="grid">
        <TextField id="ep-period-start" type="datetime-local" label={t("period_start")} hint={t("form.period_hint")} error={msg(errors.periodStart?.message)} {...register("periodStart")} />
        <TextField id="ep-period-end" type="datetime-local" label={t("period_end")} error={msg(errors.periodEnd?.message)} {...register("periodEnd")} />
      </div>
      <fieldset className="card">
        <legend>{t("maintenance")}</legend>
        <p className="muted">{t("form.windows_hint")}</p>
        {msg(errors.maintenanceWindows && !Array.isArray(errors.maintenanceWindows) ? (errors.maintenanceWindows as { message?: string }).message : undefined) && (
          <p className="error">{msg((errors.maintenanceWindows as unknown as { message?: string }).message)}</p>
        )}
        {windows.fields.map((field, i) => {
          const kind = watched[i]?.kind ?? "weekly";
          const e = Array.isArray(errors.maintenanceWindows) ? errors.maintenanceWindows[i] : undefined;
          const n = i + 1;
          return (
            <fieldset key={field.id} className="card">
              <legend>{t("form.window_legend", { n })}</legend>
              <div className="grid">
                <SelectField id={`ep-w${i}-kind`} label={t("form.window_kind")} {...register(`maintenanceWindows.${i}.kind` as never)}>
                  <option value="weekly">{t("form.window_kinds.weekly")}</option>
                  <option value="once">{t("form.window_kinds.once")}</option>
                </SelectField>
                {kind === "weekly" && (
                  <SelectField id={`ep-w${i}-day`} label={t("form.window_day")} error={msg(e?.day?.message)} {...register(`maintenanceWindows.${i}.day` as never)}>
                    {(["1", "2", "3", "4", "5", "6", "7"] as const).map((d) => (
                      <option key={d} value={d}>
                        {t(`days.${d}`)}
                      </option>
                    ))}
                  </SelectField>
                )}
                <TextField id={`ep-w${i}-start`} type={kind === "weekly" ? "time" : "datetime-local"} label={t("form.window_start")} error={msg(e?.start?.message)} {...register(`maintenanceWindows.${i}.start` as never)} />
                <TextField id={`ep-w${i}-end`} type={kind === "weekly" ? "time" : "datetime-local"} label={t("form.window_end")} error={msg(e?.end?.message)} {...register(`maintenanceWindows.${i}.end` as never)} />
              </div>
              <TextField id={`ep-w${i}-note`} label={t("form.window_note")} maxLength={200} error={msg(e?.note?.message)} {...register(`maintenanceWindows.${i}.note` as never)} />
              <button type="button" className="button secondary" onClick={() => windows.remove(i)}>
                {t("form.window_remove", { n })}
              </button>
            </fieldset>
          );
        })}
        <button type="button" className="button secondary" onClick={() => windows.append({ kind: "weekly", day: "7", start: "02:00", end: "04:00", note: "" } as never)}>
          {t("form.window_add")}
        </button>
      </fieldset>
      <button className="button" type="submit" disabled={pending}>
        {props.mode === "new" ? t("form.submit_new") : t("form.submit_edit")}
      </button>
    </form>
  );
}
