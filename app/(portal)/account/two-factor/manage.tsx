"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/** New recovery codes (all old ones stop working), shown once like at enrolment. */
export function RegenerateRecoveryCodes() {
  const t = useTranslations("two_factor");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) {
    return (
      <RecoveryCodes codes={codes}>
        <button
          className="button"
          type="button"
          onClick={() => {
            setCodes(null);
            router.refresh();
          }}
        >
          {t("recovery_saved")}
        </button>
      </RecoveryCodes>
    );
  }
  return (
    <>
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <button
        className="button secondary"
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const res = await regenerateRecoveryCodesAction();
            if (res.ok) setCodes(res.data.recoveryCodes);
            else setError(res.error.message);
          })
        }
      >
        {t("regenerate")}
      </button>
    </>
  );
}

/** Switching two-step verification off, confirmed with a current code (optional roles only). */
export function DisableTwoFactor() {
  const t = useTranslations("two_factor");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [done, setDone] = useState(false);
  if (done) return <FormAlert kind="ok">{t("disabled")}</FormAlert>;
  return (
    <form
      noValidate
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setCodeError(null);
        const clean = code.replace(/[\s-]/g, "");
        if (!/^\d{6}$/.test(clean)) return setCodeError(t("code_format"));
        startTransition(async () => {
          const res = await disableTwoFactorAction(clean);
          if (res.ok) setDone(true);
          else {
            setCode("");
            if (res.error.fieldErrors?.code) setCodeError(res.error.fieldErrors.code);
            else setError(res.error.message);
          }
        });
      }}
    >
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <p>{t("disable_intro")}</p>
      <TextField
        id="disable-code"
        label={t("code_label")}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={9}
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={codeError ?? undefined}
      />
      <p>
        <button className="button secondary" type="submit" disabled={pending}>
          {t("disable")}
        </button>
      </p>
    </form>
  );
}
