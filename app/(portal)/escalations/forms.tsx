"use client";
/** The forms of the escalation register and the decision log (issue 17 §4). */
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { useForm, type UseFormRegisterReturn } from "react-hook-form";
import { FormAlert, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import { DECISION_FORUMS, ESCALATION_KINDS, ESCALATION_STATUSES } from "@/lib/domain/escalations";
import { decisionSchema, escalateSchema, escalationSchema, statusSchema, type DecisionInput, type EscalateInput, type EscalationInput, type StatusInput } from "@/lib/validation/escalations";
import { useMessageText } from "@/lib/validation/use-message-text";
import { createDecisionAction, createEscalationAction, escalateAction, setEscalationStatusAction, updateEscalationAction } from "./actions";

export type LinkChoices = {
  institutions: { id: string; name: string }[];
  vendors: { code: string; name: string }[];
  milestones: { code: string; title: string }[];
  escalations?: { id: string; label: string }[];
};

type Result = { kind: "ok" | "error"; text: string } | null;

function useSubmit() {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  return { pending, start, result, setResult };
}

function MultiSelect({ id, label, hint, reg, children, error }: { id: string; label: string; hint: string; reg: UseFormRegisterReturn; children: ReactNode; error?: string }) {
  return (
    <SelectField id={id} label={label} hint={hint} multiple size={5} error={error} {...reg}>
      {children}
    </SelectField>
  );
}

function LinkFields({ prefix, choices, register, errors }: { prefix: string; choices: LinkChoices; register: (n: "institutionIds" | "vendorCodes" | "milestoneCodes") => UseFormRegisterReturn; errors: Record<string, string | undefined> }) {
  const t = useTranslations("escalations");
  return (
    <div className="grid">
      <MultiSelect id={`${prefix}-inst`} label={t("link_institutions")} hint={t("multi_hint")} reg={register("institutionIds")} error={errors.institutionIds}>
        {choices.institutions.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </MultiSelect>
      <MultiSelect id={`${prefix}-vendor`} label={t("link_vendors")} hint={t("multi_hint")} reg={register("vendorCodes")} error={errors.vendorCodes}>
        {choices.vendors.map((v) => (
          <option key={v.code} value={v.code}>
            {v.name}
          </option>
        ))}
      </MultiSelect>
      <MultiSelect id={`${prefix}-ms`} label={t("link_milestones")} hint={t("multi_hint")} reg={register("milestoneCodes")} error={errors.milestoneCodes}>
        {choices.milestones.map((m) => (
          <option key={m.code} value={m.code}>
            {m.title}
          </option>
        ))}
      </MultiSelect>
    </div>
  );
}

/** New escalation (no `id`) or a change of an existing one. */
export function EscalationForm({ choices, id, version, initial }: { choices: LinkChoices; id?: string; version?: number; initial?: EscalationInput }) {
  const t = useTranslations("escalations");
  const msg = useMessageText();
  const router = useRouter();
  const s = useSubmit();
  const [ver, setVer] = useState(version ?? 1);
  const { register, handleSubmit, formState, setError, reset } = useForm<EscalationInput>({
    resolver: zodResolver(escalationSchema) as never,
    defaultValues: initial ?? { kind: "issue", title: "", description: "", owner: "", dueOn: "", institutionIds: [], vendorCodes: [], milestoneCodes: [] },
  });
  const p = id ? "esc-edit" : "esc-new";
  const onSubmit = handleSubmit((values) =>
    s.start(async () => {
      s.setResult(null);
      const res = id ? await updateEscalationAction({ id, version: ver, values }) : await createEscalationAction(values);
      if (res.ok) {
        s.setResult({ kind: "ok", text: res.data.message });
        if ("version" in res.data) setVer(res.data.version);
        if (!id) reset();
        router.refresh();
      } else {
        s.setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof EscalationInput, { message: m });
      }
    }),
  );
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={s.pending} data-testid={p}>
      {s.result && <FormAlert kind={s.result.kind}>{s.result.text}</FormAlert>}
      <div className="filters">
        <SelectField id={`${p}-kind`} label={t("kind")} required {...register("kind")}>
          {ESCALATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField id={`${p}-owner`} label={t("owner")} required error={msg(e.owner?.message)} {...register("owner")} />
        <TextField id={`${p}-due`} label={t("due_on")} type="date" error={msg(e.dueOn?.message)} {...register("dueOn")} />
      </div>
      <TextField id={`${p}-title`} label={t("title_field")} required error={msg(e.title?.message)} {...register("title")} />
      <TextAreaField id={`${p}-desc`} label={t("description")} error={msg(e.description?.message)} rows={4} {...register("description")} />
      <LinkFields prefix={p} choices={choices} register={(n) => register(n)} errors={{ institutionIds: msg(e.institutionIds?.message), vendorCodes: msg(e.vendorCodes?.message), milestoneCodes: msg(e.milestoneCodes?.message) }} />
      <button className="button" type="submit" disabled={s.pending}>
        {id ? t("save") : t("create")}
      </button>
    </form>
  );
}

/** Raise the level one step, with a note. */
export function EscalateForm({ id, version, to }: { id: string; version: number; to: string }) {
  const t = useTranslations("escalations");
  const msg = useMessageText();
  const router = useRouter();
  const s = useSubmit();
  const { register, handleSubmit, formState, reset } = useForm<EscalateInput>({ resolver: zodResolver(escalateSchema) as never, defaultValues: { id, version, note: "" } });
  const onSubmit = handleSubmit((values) =>
    s.start(async () => {
      const res = await escalateAction(values);
      if (res.ok) {
        s.setResult({ kind: "ok", text: res.data.message });
        reset({ id, version: res.data.version, note: "" });
        router.refresh();
      } else s.setResult({ kind: "error", text: res.error.message });
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={s.pending} data-testid="escalate-form">
      {s.result && <FormAlert kind={s.result.kind}>{s.result.text}</FormAlert>}
      <TextAreaField id="esc-note" label={t("escalate_note", { level: t(`levels.${to as "dto"}`) })} error={msg(formState.errors.note?.message)} rows={3} {...register("note")} />
      <button className="button" type="submit" disabled={s.pending}>
        {t("escalate_to", { level: t(`levels.${to as "dto"}`) })}
      </button>
    </form>
  );
}

export function StatusForm({ id, version, status }: { id: string; version: number; status: string }) {
  const t = useTranslations("escalations");
  const msg = useMessageText();
  const router = useRouter();
  const s = useSubmit();
  const { register, handleSubmit, formState, reset } = useForm<StatusInput>({ resolver: zodResolver(statusSchema) as never, defaultValues: { id, version, status: status as StatusInput["status"], note: "" } });
  const onSubmit = handleSubmit((values) =>
    s.start(async () => {
      const res = await setEscalationStatusAction(values);
      if (res.ok) {
        s.setResult({ kind: "ok", text: res.data.message });
        reset({ ...values, version: res.data.version, note: "" });
        router.refresh();
      } else s.setResult({ kind: "error", text: res.error.message });
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={s.pending} data-testid="status-form">
      {s.result && <FormAlert kind={s.result.kind}>{s.result.text}</FormAlert>}
      <SelectField id="esc-status" label={t("status")} {...register("status")}>
        {ESCALATION_STATUSES.map((k) => (
          <option key={k} value={k}>
            {t(`statuses.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField id="esc-status-note" label={t("status_note")} error={msg(formState.errors.note?.message)} {...register("note")} />
      <button className="button secondary" type="submit" disabled={s.pending}>
        {t("status_save")}
      </button>
    </form>
  );
}

export function DecisionForm({ choices, today }: { choices: LinkChoices; today: string }) {
  const t = useTranslations("escalations");
  const msg = useMessageText();
  const router = useRouter();
  const s = useSubmit();
  const { register, handleSubmit, formState, setError, reset } = useForm<DecisionInput>({
    resolver: zodResolver(decisionSchema) as never,
    defaultValues: { decidedOn: today, forum: "stuurgroep", decision: "", institutionIds: [], vendorCodes: [], milestoneCodes: [], escalationIds: [] },
  });
  const onSubmit = handleSubmit((values) =>
    s.start(async () => {
      s.setResult(null);
      const res = await createDecisionAction(values);
      if (res.ok) {
        s.setResult({ kind: "ok", text: res.data.message });
        reset();
        router.refresh();
      } else {
        s.setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof DecisionInput, { message: m });
      }
    }),
  );
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={s.pending} data-testid="decision-new">
      {s.result && <FormAlert kind={s.result.kind}>{s.result.text}</FormAlert>}
      <div className="filters">
        <TextField id="dec-date" label={t("decided_on")} type="date" required error={msg(e.decidedOn?.message)} {...register("decidedOn")} />
        <SelectField id="dec-forum" label={t("forum")} required {...register("forum")}>
          {DECISION_FORUMS.map((k) => (
            <option key={k} value={k}>
              {t(`levels.${k}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField id="dec-text" label={t("decision")} error={msg(e.decision?.message)} rows={4} {...register("decision")} />
      <LinkFields prefix="dec" choices={choices} register={(n) => register(n)} errors={{ institutionIds: msg(e.institutionIds?.message), vendorCodes: msg(e.vendorCodes?.message), milestoneCodes: msg(e.milestoneCodes?.message) }} />
      {choices.escalations && choices.escalations.length > 0 && (
        <MultiSelect id="dec-esc" label={t("link_escalations")} hint={t("multi_hint")} reg={register("escalationIds")} error={msg(e.escalationIds?.message)}>
          {choices.escalations.map((x) => (
            <option key={x.id} value={x.id}>
              {x.label}
            </option>
          ))}
        </MultiSelect>
      )}
      <button className="button" type="submit" disabled={s.pending}>
        {t("decision_create")}
      </button>
    </form>
  );
}
