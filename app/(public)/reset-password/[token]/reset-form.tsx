"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { makeNewPasswordSchema } from "@/lib/validation/password";
import { useMessageText } from "@/lib/validation/use-message-text";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { resetPasswordAction } from "../actions";

type Values = { password: string; confirmation: string };

export function ResetForm(props: { token: string; email: string }) {
  const t = useTranslations("password");
  const tr = useTranslations("reset");
  const msg = useMessageText();
  const schema = useMemo(() => makeNewPasswordSchema({ email: props.email }), [props.email]);
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: "", confirmation: "" } });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFormError(null);
      const res = await resetPasswordAction(props.token, values);
      if (res && !res.ok) {
        setFormError(res.error.message);
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof Values, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      <input type="email" name="username" value={props.email} autoComplete="username" readOnly hidden />
      <TextField id="password" label={t("new")} type="password" autoComplete="new-password" required hint={t("hint")} error={msg(formState.errors.password?.message)} {...register("password")} />
      <TextField id="confirmation" label={t("confirm")} type="password" autoComplete="new-password" required error={msg(formState.errors.confirmation?.message)} {...register("confirmation")} />
      <button className="button" type="submit" disabled={pending}>
        {tr("submit")}
      </button>
    </form>
  );
}
