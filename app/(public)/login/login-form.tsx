"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { loginSchema, type LoginInput } from "@/lib/validation/users";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { loginAction } from "./actions";

type Labels = { email: string; password: string; submit: string; submitting: string; forgot: string };
export type SecondStepLabels = {
  intro: string;
  recoveryIntro: string;
  codeLabel: string;
  codeHint: string;
  recoveryLabel: string;
  recoveryHint: string;
  useRecovery: string;
  useCode: string;
  submit: string;
  startOver: string;
  codeFormat: string;
  recoveryFormat: string;
};

/**
 * E-mail and password first; when the account has two-step verification the same form then asks
 * for the code (or a recovery code). The password stays in this form's memory only, and is sent
 * again with the code: the server keeps no half-signed-in state.
 */
export function LoginForm({ labels, second, errorText, next }: { labels: Labels; second: SecondStepLabels; errorText: Record<string, string>; next?: string }) {
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [step, setStep] = useState<"password" | "code">("password");
  const [mode, setMode] = useState<"code" | "recovery">("code");
  const { register, handleSubmit, formState, setError, setValue, getValues, setFocus, clearErrors } = useForm<LoginInput>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "", code: "", recoveryCode: "" },
  });
  const msg = (m?: string) => (m ? (errorText[m] ?? m) : undefined);
  const firstRender = useRef(true);

  // Move focus to the field that is now asked for, so keyboard and screen-reader users follow.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setFocus(step === "password" ? "email" : mode === "code" ? "code" : "recoveryCode");
  }, [step, mode, setFocus]);

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    let input: LoginInput = { email: values.email, password: values.password };
    if (step === "code") {
      if (mode === "code") {
        const code = (values.code ?? "").replace(/[\s-]/g, "");
        if (!/^\d{6}$/.test(code)) return setError("code", { message: second.codeFormat });
        input = { ...input, code };
      } else {
        const recoveryCode = (values.recoveryCode ?? "").trim();
        if (!recoveryCode) return setError("recoveryCode", { message: second.recoveryFormat });
        input = { ...input, recoveryCode };
      }
    }
    startTransition(async () => {
      const res = await loginAction(input, next);
      if (res && !res.ok) {
        setFormError(res.error.message);
        if (step === "code") setValue(mode === "code" ? "code" : "recoveryCode", "");
      } else if (res?.ok && res.data?.step === "code") {
        setStep("code");
      }
    });
  });

  const startOver = () => {
    setFormError(null);
    clearErrors();
    setValue("password", "");
    setValue("code", "");
    setValue("recoveryCode", "");
    setMode("code");
    setStep("password");
  };

  const switchMode = () => {
    setFormError(null);
    clearErrors();
    setMode(mode === "code" ? "recovery" : "code");
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {step === "password" ? (
        <>
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
        </>
      ) : (
        <>
          <p>
            <strong>{getValues("email")}</strong>
          </p>
          <p>{mode === "code" ? second.intro : second.recoveryIntro}</p>
          {mode === "code" ? (
            <TextField
              id="code"
              label={second.codeLabel}
              hint={second.codeHint}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              required
              error={msg(formState.errors.code?.message)}
              {...register("code")}
            />
          ) : (
            <TextField
              id="recoveryCode"
              label={second.recoveryLabel}
              hint={second.recoveryHint}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              required
              error={msg(formState.errors.recoveryCode?.message)}
              {...register("recoveryCode")}
            />
          )}
        </>
      )}
      <p>
        <button className="button" type="submit" disabled={pending}>
          {pending ? labels.submitting : step === "password" ? labels.submit : second.submit}
        </button>
      </p>
      {step === "password" ? (
        <p>
          <Link href="/forgot-password">{labels.forgot}</Link>
        </p>
      ) : (
        <p className="actions-row">
          <button className="linklike" type="button" onClick={switchMode}>
            {mode === "code" ? second.useRecovery : second.useCode}
          </button>
          <button className="linklike" type="button" onClick={startOver}>
            {second.startOver}
          </button>
        </p>
      )}
    </form>
  );
}
