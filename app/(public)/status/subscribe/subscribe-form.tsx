"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SecretOnce, TextField } from "@/app/_components/form-bits";
import { subscribeSchema, type SubscribeInput } from "@/lib/validation/status";
import { useMessageText } from "@/lib/validation/use-message-text";
import { subscribeAction } from "./actions";

export function SubscribeForm({ vendors }: { vendors: { value: string; label: string }[] }) {
  const t = useTranslations("status_subscribe");
  const msg = useMessageText();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; secret?: string | null } | null>(null);
  const { register, handleSubmit, formState, setError, getValues, reset, watch } = useForm<SubscribeInput>({
    resolver: zodResolver(subscribeSchema) as never,
    defaultValues: { channel: "email", email: "", url: "", vendorCodes: [] },
  });
  const channel = watch("channel");
  const e = formState.errors;
  const vendorError = msg(e.vendorCodes?.message);
  const onSubmit = handleSubmit(() =>
    startTransition(async () => {
      setResult(null);
      const res = await subscribeAction(getValues());
      if (res.ok) {
        setResult(res.data.channel === "webhook" ? { kind: "ok", text: t("sent_webhook", { url: res.data.url }), secret: res.data.secret } : { kind: "ok", text: t("sent", { email: res.data.email }) });
        reset({ channel: res.data.channel, email: "", url: "", vendorCodes: [] });
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof SubscribeInput, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && (
        <FormAlert kind={result.kind}>
          {result.text}
          {result.secret && (
            <>
              <br />
              <SecretOnce id="sub-secret" label={t("secret_once")} value={result.secret} />
            </>
          )}
        </FormAlert>
      )}
      <fieldset>
        <legend>{t("channel")}</legend>
        {(["email", "webhook"] as const).map((c) => (
          <label key={c} style={{ display: "block", fontWeight: 400 }}>
            <input type="radio" value={c} {...register("channel")} /> {t(`channels.${c}`)}
          </label>
        ))}
      </fieldset>
      {channel === "webhook" ? (
        <TextField id="sub-url" type="url" label={t("url")} hint={t("url_hint")} required error={msg(e.url?.message)} {...register("url")} />
      ) : (
        <TextField id="sub-email" type="email" label={t("email")} required autoComplete="email" error={msg(e.email?.message)} {...register("email")} />
      )}
      <fieldset aria-describedby={`sub-vendors-hint${vendorError ? " sub-vendors-error" : ""}`} aria-invalid={vendorError ? true : undefined}>
        <legend>{t("infrastructures")}</legend>
        <span className="hint" id="sub-vendors-hint">
          {t("infrastructures_hint")}
        </span>
        {vendorError && (
          <span className="error" id="sub-vendors-error">
            {vendorError}
          </span>
        )}
        {vendors.map((v) => (
          <label key={v.value} style={{ display: "block", fontWeight: 400 }}>
            <input type="checkbox" value={v.value} {...register("vendorCodes")} /> {v.label}
          </label>
        ))}
      </fieldset>
      <button className="button" type="submit" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
