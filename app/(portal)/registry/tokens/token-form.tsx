"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SecretOnce, SelectField, TextField } from "@/app/_components/form-bits";
import { createTokenSchema, type CreateTokenInput } from "@/lib/validation/api-tokens";
import { useMessageText } from "@/lib/validation/use-message-text";
import { createTokenAction } from "./actions";

type Option = { value: string; label: string };

export function TokenForm(props: { scopes: ("programme" | "institution" | "vendor")[]; institutions: Option[]; vendors: Option[] }) {
  const t = useTranslations("registry.tokens");
  const msg = useMessageText();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string; token?: string } | null>(null);
  const { register, handleSubmit, formState, watch, setError, reset, getValues } = useForm<CreateTokenInput>({
    resolver: zodResolver(createTokenSchema) as never,
    defaultValues: { name: "", scope: props.scopes[0], institutionId: "", vendorCode: props.vendors.length === 1 ? props.vendors[0].value : "", permissions: ["api"], expiresInDays: 90 },
  });
  const scope = watch("scope");
  const onSubmit = handleSubmit(() =>
    startTransition(async () => {
      setResult(null);
      const res = await createTokenAction(getValues());
      if (res.ok) {
        setResult({ kind: "ok", text: t("created"), token: res.data.token });
        reset({ ...getValues(), name: "" });
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof CreateTokenInput, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && (
        <FormAlert kind={result.kind}>
          {result.text}
          {result.token && (
            <>
              <br />
              <SecretOnce id="new-token" label={t("token_label")} value={result.token} />
            </>
          )}
        </FormAlert>
      )}
      <TextField id="tok-name" label={t("name")} hint={t("name_hint")} required maxLength={80} error={msg(formState.errors.name?.message)} {...register("name")} />
      <SelectField id="tok-scope" label={t("scope")} required error={msg(formState.errors.scope?.message)} {...register("scope")}>
        {props.scopes.map((s) => (
          <option key={s} value={s}>
            {t(`scopes.${s}`)}
          </option>
        ))}
      </SelectField>
      {scope === "institution" && (
        <SelectField id="tok-institution" label={t("institution")} required error={msg(formState.errors.institutionId?.message)} {...register("institutionId")}>
          <option value="">{t("choose")}</option>
          {props.institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </SelectField>
      )}
      {scope === "vendor" && (
        <SelectField id="tok-vendor" label={t("vendor")} required error={msg(formState.errors.vendorCode?.message)} {...register("vendorCode")}>
          <option value="">{t("choose")}</option>
          {props.vendors.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </SelectField>
      )}
      <fieldset className="field" aria-describedby={`tok-permissions-hint${formState.errors.permissions ? " tok-permissions-error" : ""}`}>
        <legend>{t("permissions")}</legend>
        <span className="hint" id="tok-permissions-hint">
          {t("permissions_hint")}
        </span>
        {formState.errors.permissions && (
          <span className="error" id="tok-permissions-error">
            {msg(formState.errors.permissions.message)}
          </span>
        )}
        {(["api", "metrics"] as const).map((p) => (
          <label key={p} style={{ display: "block" }}>
            <input type="checkbox" value={p} {...register("permissions")} /> {t(`permission.${p}`)}
          </label>
        ))}
      </fieldset>
      <TextField id="tok-days" type="number" min={1} max={365} label={t("expires_days")} required error={msg(formState.errors.expiresInDays?.message)} {...register("expiresInDays")} />
      <button className="button" type="submit" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
