"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { loginSchema, type LoginInput } from "@/lib/validation/users";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { loginAction } from "./actions";

type Labels = { email: string; password: string; submit: string; submitting: string; forgot: string };

export function LoginForm({ labels, errorText, next }: { labels: Labels; errorText: Record<string, string>; next?: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { email: "", password: "" } });
  const msg = (m?: string) => (m ? (errorText[m] ?? m) : undefined);

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const res = await loginAction(values, next);
      if (res && !res.ok) setFormError(res.error.message);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      <TextField id="email" label={labels.email} type="email" autoComplete="username" required error={msg(formState.errors.email?.message)} {...register("email")} />
      <TextField
        id="password"
        label={labels.password}
        type="password"
        autoComplete="current-password"
        required
        error={msg(formState.errors.password?.message)}
        {...register("password")}
      />
      <p>
        <button className="button" type="submit" disabled={pending}>
          {pending ? labels.submitting : labels.submit}
        </button>
      </p>
      <p>
        <Link href="/forgot-password">{labels.forgot}</Link>
      </p>
    </form>
  );
}
