"use client";
/** The forms of the status management page: open an incident, post an update, announce and cancel maintenance. */
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm, type FieldValues, type Path, type UseFormRegisterReturn, type UseFormSetError } from "react-hook-form";
import { FormAlert, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import { useMessageText } from "@/lib/validation/use-message-text";
import {
  incidentUpdateSchema,
  maintenanceSchema,
  MESSAGE_MAX,
  OPEN_STATES,
  openIncidentSchema,
  TITLE_MAX,
  UPDATE_STATES,
  type IncidentUpdateInput,
  type MaintenanceInput,
  type OpenIncidentInput,
} from "@/lib/validation/status";
import type { ActionResult } from "@/lib/actions";
import { announceMaintenanceAction, cancelMaintenanceAction, openIncidentAction, postIncidentUpdateAction } from "./actions";

type Option = { value: string; label: string };
type Result = { kind: "ok" | "error"; text: string } | null;

/** Runs an action, shows its answer, puts field errors on the fields and refreshes the page on success. */
function useSubmit<T extends FieldValues>(setError: UseFormSetError<T>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const submit = (run: () => Promise<ActionResult<{ message: string }>>, onOk?: () => void) =>
    startTransition(async () => {
      setResult(null);
      const res = await run();
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        onOk?.();
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as Path<T>, { message: m });
      }
    });
  return { pending, result, submit };
}

function VendorSelect({ id, vendors, error, reg }: { id: string; vendors: Option[]; error?: string; reg: UseFormRegisterReturn }) {
  const t = useTranslations("status_manage");
  return (
    <SelectField id={id} label={t("infrastructure")} required error={error} {...reg}>
      {vendors.length > 1 && <option value="">{t("choose")}</option>}
      {vendors.map((v) => (
        <option key={v.value} value={v.value}>
          {v.label}
        </option>
      ))}
    </SelectField>
  );
}

export function OpenIncidentForm({ vendors }: { vendors: Option[] }) {
  const t = useTranslations("status_manage");
  const ts = useTranslations("status_page.incident_states");
  const msg = useMessageText();
  const defaults: OpenIncidentInput = { vendorCode: (vendors.length === 1 ? vendors[0].value : "") as OpenIncidentInput["vendorCode"], title: "", state: "investigating", message: "" };
  const { register, handleSubmit, formState, setError, reset, getValues } = useForm<OpenIncidentInput>({ resolver: zodResolver(openIncidentSchema) as never, defaultValues: defaults });
  const { pending, result, submit } = useSubmit(setError);
  const e = formState.errors;
  return (
    <form onSubmit={handleSubmit(() => submit(() => openIncidentAction(getValues()), () => reset(defaults)))} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <VendorSelect id="inc-vendor" vendors={vendors} error={msg(e.vendorCode?.message)} reg={register("vendorCode")} />
      <TextField id="inc-title" label={t("incident_title")} hint={t("incident_title_hint")} required maxLength={TITLE_MAX} error={msg(e.title?.message)} {...register("title")} />
      <SelectField id="inc-state" label={t("state")} required error={msg(e.state?.message)} {...register("state")}>
        {OPEN_STATES.map((s) => (
          <option key={s} value={s}>
            {ts(s)}
          </option>
        ))}
      </SelectField>
      <TextAreaField id="inc-message" rows={4} label={t("message")} hint={t("message_hint")} required maxLength={MESSAGE_MAX} error={msg(e.message?.message)} {...register("message")} />
      <button className="button" type="submit" disabled={pending}>
        {t("open_submit")}
      </button>
    </form>
  );
}

export function IncidentUpdateForm({ id }: { id: string }) {
  const t = useTranslations("status_manage");
  const ts = useTranslations("status_page.incident_states");
  const msg = useMessageText();
  const defaults: IncidentUpdateInput = { state: "identified", message: "", at: "" };
  const { register, handleSubmit, formState, setError, reset, getValues } = useForm<IncidentUpdateInput>({ resolver: zodResolver(incidentUpdateSchema) as never, defaultValues: defaults });
  const { pending, result, submit } = useSubmit(setError);
  const e = formState.errors;
  const p = `upd-${id.slice(0, 8)}`;
  return (
    <form onSubmit={handleSubmit(() => submit(() => postIncidentUpdateAction({ id, values: getValues() }), () => reset(defaults)))} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <div className="grid">
        <SelectField id={`${p}-state`} label={t("state")} hint={t("update_resolve_hint")} required error={msg(e.state?.message)} {...register("state")}>
          {UPDATE_STATES.map((s) => (
            <option key={s} value={s}>
              {ts(s)}
            </option>
          ))}
        </SelectField>
        <TextField id={`${p}-at`} type="datetime-local" label={t("update_at")} hint={t("update_at_hint")} error={msg(e.at?.message)} {...register("at")} />
      </div>
      <TextAreaField id={`${p}-message`} rows={3} label={t("message")} required maxLength={MESSAGE_MAX} error={msg(e.message?.message)} {...register("message")} />
      <button className="button" type="submit" disabled={pending}>
        {t("update_submit")}
      </button>
    </form>
  );
}

export function MaintenanceForm({ vendors }: { vendors: Option[] }) {
  const t = useTranslations("status_manage");
  const msg = useMessageText();
  const defaults: MaintenanceInput = { vendorCode: (vendors.length === 1 ? vendors[0].value : "") as MaintenanceInput["vendorCode"], title: "", message: "", startsAt: "", endsAt: "" };
  const { register, handleSubmit, formState, setError, reset, getValues } = useForm<MaintenanceInput>({ resolver: zodResolver(maintenanceSchema) as never, defaultValues: defaults });
  const { pending, result, submit } = useSubmit(setError);
  const e = formState.errors;
  return (
    <form onSubmit={handleSubmit(() => submit(() => announceMaintenanceAction(getValues()), () => reset(defaults)))} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <VendorSelect id="mnt-vendor" vendors={vendors} error={msg(e.vendorCode?.message)} reg={register("vendorCode")} />
      <TextField id="mnt-title" label={t("m_title")} required maxLength={TITLE_MAX} error={msg(e.title?.message)} {...register("title")} />
      <div className="grid">
        <TextField id="mnt-start" type="datetime-local" label={t("m_start")} hint={t("m_time_hint")} required error={msg(e.startsAt?.message)} {...register("startsAt")} />
        <TextField id="mnt-end" type="datetime-local" label={t("m_end")} required error={msg(e.endsAt?.message)} {...register("endsAt")} />
      </div>
      <TextAreaField id="mnt-message" rows={3} label={t("m_message")} maxLength={MESSAGE_MAX} error={msg(e.message?.message)} {...register("message")} />
      <button className="button" type="submit" disabled={pending}>
        {t("m_submit")}
      </button>
    </form>
  );
}

export function CancelMaintenanceButton({ id, title }: { id: string; title: string }) {
  const t = useTranslations("status_manage");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button secondary"
        aria-label={t("m_cancel_label", { title })}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await cancelMaintenanceAction({ id });
            if (res.ok) router.refresh();
            else setError(res.error.message);
          })
        }
      >
        {t("m_cancel")}
      </button>
      {error && <FormAlert kind="error">{error}</FormAlert>}
    </>
  );
}
