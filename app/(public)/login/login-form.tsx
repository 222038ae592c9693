"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { loginSchema, type LoginInput } from "@/lib/validation/users";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { useMessageText } from "@/lib/validation/use-message-text";
import { loginAction } from "./actions";

/**
 * E-mail and password first; when the account has two-step verification the same form then asks
 * for the code (or a recovery code). The password stays in this form's memory only, and is sent
 * again with the code: the server keeps no half-signed-in state.
 */
export function LoginForm({ next }: { next?: string }) {
  const t = useTranslations("login");
  const tf = useTranslations("two_factor");
  const msg = useMessageText();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [step, setStep] = useState<"password" | "code">("password");
  const [mode, setMode] = useState<"code" | "recovery">("code");
  const { register, handleSubmit, formState, setError, setValue, getValues, setFocus, clearErrors } = useForm<LoginInput>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "", code: "", recoveryCode: "" },
  });
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
        if (!/^\d{6}$/.test(code)) return setError("code", { message: "two_factor.code_format" });
        input = { ...input, code };
      } else {
        const recoveryCode = (values.recoveryCode ?? "").trim();
        if (!recoveryCode) return setError("recoveryCode", { message: "two_factor.recovery_format" });
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
          <TextField id="email" label={t("email")} type="email" autoComplete="username" required error={msg(formState.errors.email?.message)} {...register("email")} />
          <TextField
            id="password"
            label={t("password")}
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
          <p>{mode === "code" ? tf("login_intro") : tf("login_recovery_intro")}</p>
          {mode === "code" ? (
            <TextField
              id="code"
              label={tf("code_label")}
              hint={tf("code_hint")}
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
              label={tf("recovery_label")}
              hint={tf("recovery_hint")}
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
          {pending ? t("submitting") : step === "password" ? t("submit") : tf("submit_code")}
        </button>
      </p>
      {step === "password" ? (
        <p>
          <Link href="/forgot-password">{t("forgot")}</Link>
        </p>
      ) : (
        <p className="actions-row">
          <button className="linklike" type="button" onClick={switchMode}>
            {mode === "code" ? tf("use_recovery") : tf("use_code")}
          </button>
          <button className="linklike" type="button" onClick={startOver}>
            {tf("start_over")}
          </button>
        </p>
      )}
    </form>
  );
}
