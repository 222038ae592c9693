"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, useTransition } from "react";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import type { ActionResult } from "@/lib/actions";
import { confirmExchangeAction, setOverrideAction } from "./golive-actions";

type Alert = { kind: "ok" | "error"; text: string; fields?: Record<string, string> } | null;

function useSubmit(action: (fd: FormData) => Promise<ActionResult<null>>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<Alert>(null);
  const submit = (form: HTMLFormElement) =>
    startTransition(async () => {
      const res = await action(new FormData(form));
      if (res.ok) {
        setAlert({ kind: "ok", text: res.message ?? "" });
        form.reset();
        router.refresh();
      } else setAlert({ kind: "error", text: res.error.message, fields: res.error.fieldErrors });
    });
  return { pending, alert, submit };
}

/**
 * Confirm a cross-infrastructure exchange. `kinds` are the ways this user may confirm (the
 * vendor's staff as vendor, an editor as their own institution, the programme as either);
 * `partners` are the institutions on other infrastructures the user may name.
 */
export function ConfirmExchangeForm({ institutionId, kinds, partners, today }: { institutionId: string; kinds: ("partner_institution" | "vendor")[]; partners: { id: string; name: string }[]; today: string }) {
  const t = useTranslations("golive");
  const id = useId();
  const [kind, setKind] = useState(kinds[0]);
  const { pending, alert, submit } = useSubmit(confirmExchangeAction);
  const err = (f: string) => (alert?.kind === "error" ? alert.fields?.[f] : undefined);
  return (
    <form
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
      data-testid="confirm-exchange-form"
    >
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <input type="hidden" name="institutionId" value={institutionId} />
      <SelectField id={`${id}-kind`} name="confirmerKind" label={t("confirm_kind")} value={kind} onChange={(e) => setKind(e.target.value === "vendor" ? "vendor" : "partner_institution")} error={err("confirmerKind")} required>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {k === "vendor" ? t("confirm_kind_vendor") : t("confirm_kind_partner")}
          </option>
        ))}
      </SelectField>
      {kind === "partner_institution" && (
        <SelectField id={`${id}-partner`} name="partnerInstitutionId" label={t("confirm_partner")} error={err("partnerInstitutionId")} required defaultValue={partners.length === 1 ? partners[0].id : ""}>
          {partners.length !== 1 && <option value="">{t("confirm_partner_choose")}</option>}
          {partners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField id={`${id}-date`} name="exchangedOn" type="date" max={today} defaultValue={today} label={t("confirm_date")} error={err("exchangedOn")} required />
      <TextField id={`${id}-note`} name="note" label={t("confirm_note")} error={err("note")} maxLength={1000} />
      <button className="button" type="submit" disabled={pending}>
        {t("confirm_submit")}
      </button>
    </form>
  );
}

export function OverrideForm({ institutionId }: { institutionId: string }) {
  const t = useTranslations("golive");
  const id = useId();
  const { pending, alert, submit } = useSubmit(setOverrideAction);
  const error = alert?.kind === "error" ? alert.fields?.reason : undefined;
  return (
    <form
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
      data-testid="override-form"
    >
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <input type="hidden" name="institutionId" value={institutionId} />
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("override_reason")}</label>
        {error && (
          <span className="error" id={`${id}-reason-error`}>
            {error}
          </span>
        )}
        <textarea id={`${id}-reason`} name="reason" rows={3} minLength={10} maxLength={2000} required aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-reason-error` : undefined} />
      </div>
      <button className="button secondary" type="submit" disabled={pending}>
        {t("override_submit")}
      </button>
    </form>
  );
}
