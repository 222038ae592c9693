"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { forgotPasswordSchema } from "@/lib/validation/users";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { forgotPasswordAction } from "./actions";

export function ForgotForm({ labels, errorText, sentText }: { labels: { email: string; submit: string }; errorText: Record<string, string>; sentText: string }) {
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<{ email: string }>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFormError(null);
      const res = await forgotPasswordAction(values);
      if (res.ok) setDone(sentText.replace("{minutes}", String(res.data.minutes)));
      else setFormError(res.error.message);
    }),
  );
  if (done) return <FormAlert kind="ok">{done}</FormAlert>;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      <TextField
        id="email"
        label={labels.email}
        type="email"
        autoComplete="username"
        required
        error={formState.errors.email?.message ? (errorText[formState.errors.email.message] ?? formState.errors.email.message) : undefined}
        {...register("email")}
      />
      <button className="button" type="submit" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
