"use client";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/_components/form-bits";
import { requestPasswordChangeAction, signOutEverywhereAction } from "./actions";

export function PasswordChange() {
  const t = useTranslations("account");
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  return (
    <>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <button
        className="button secondary"
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await requestPasswordChangeAction();
            setResult(res.ok ? { kind: "ok", text: t("password_sent", { email: res.data.email }) } : { kind: "error", text: res.error.message });
          })
        }
      >
        {t("password_submit")}
      </button>
    </>
  );
}

export function SignOutEverywhere() {
  const t = useTranslations("account");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <button
        className="button secondary"
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await signOutEverywhereAction();
            if (res && !res.ok) setError(res.error.message);
          })
        }
      >
        {t("sign_out_everywhere")}
      </button>
    </>
  );
}
