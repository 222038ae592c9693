"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { makeNewPasswordSchema } from "@/lib/validation/password";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { resetPasswordAction } from "../actions";

type Values = { password: string; confirmation: string };

export function ResetForm(props: { token: string; email: string; labels: { password: string; confirm: string; hint: string; submit: string } }) {
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
      <TextField id="password" label={props.labels.password} type="password" autoComplete="new-password" required hint={props.labels.hint} error={formState.errors.password?.message} {...register("password")} />
      <TextField id="confirmation" label={props.labels.confirm} type="password" autoComplete="new-password" required error={formState.errors.confirmation?.message} {...register("confirmation")} />
      <button className="button" type="submit" disabled={pending}>
        {props.labels.submit}
      </button>
    </form>
  );
}
