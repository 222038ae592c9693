"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { forgotPasswordSchema } from "@/lib/validation/users";
import { useMessageText } from "@/lib/validation/use-message-text";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { forgotPasswordAction } from "./actions";

export function ForgotForm() {
  const t = useTranslations("forgot");
  const tl = useTranslations("login");
  const msg = useMessageText();
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<{ email: string }>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFormError(null);
      const res = await forgotPasswordAction(values);
      if (res.ok) setDone(t("sent", { minutes: String(res.data.minutes) }));
      else setFormError(res.error.message);
    }),
  );
  if (done) return <FormAlert kind="ok">{done}</FormAlert>;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      <TextField id="email" label={tl("email")} type="email" autoComplete="username" required error={msg(formState.errors.email?.message)} {...register("email")} />
      <button className="button" type="submit" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
