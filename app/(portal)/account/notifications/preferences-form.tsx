"use client";
/** Per kind: immediately, in the daily digest, or no e-mail; and the hour of the digest. */
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SelectField } from "@/app/_components/form-bits";
import { DIGEST_HOURS, NOTIFICATION_MODES, type NotificationKind } from "@/lib/domain/notifications";
import { preferencesSchema, type PreferencesInput } from "@/lib/validation/notifications";
import { useMessageText } from "@/lib/validation/use-message-text";
import { savePreferencesAction } from "./actions";

export function PreferencesForm({ kinds, initial }: { kinds: NotificationKind[]; initial: PreferencesInput }) {
  const t = useTranslations("notifications");
  const msg = useMessageText();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<PreferencesInput>({ resolver: zodResolver(preferencesSchema) as never, defaultValues: initial });
  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      const res = await savePreferencesAction(values);
      setResult(res.ok ? { kind: "ok", text: res.data.message } : { kind: "error", text: res.error.message });
    }),
  );
  const hourError = formState.errors.digestHour?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="card" aria-labelledby="prefs-h">
      <h2 id="prefs-h" style={{ marginTop: 0 }}>
        {t("prefs.mode")}
      </h2>
      {kinds.map((k) => (
        <fieldset key={k} className="field">
          <legend>{t(`kinds.${k}`)}</legend>
          {NOTIFICATION_MODES.map((m) => (
            <label key={m} style={{ display: "block" }}>
              <input type="radio" value={m} {...register(`modes.${k}`)} /> {t(`prefs.modes.${m}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <SelectField id="digest-hour" label={t("prefs.digest_hour")} hint={t("prefs.digest_hour_hint")} error={hourError ? msg(hourError) : undefined} {...register("digestHour")}>
        {DIGEST_HOURS.map((h) => (
          <option key={h} value={h}>
            {t("prefs.hour", { hour: String(h).padStart(2, "0") })}
          </option>
        ))}
      </SelectField>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <button className="button" type="submit" disabled={pending} aria-busy={pending || undefined}>
        {t("prefs.save")}
      </button>
    </form>
  );
}
