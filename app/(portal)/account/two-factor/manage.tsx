"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { disableTwoFactorAction, regenerateRecoveryCodesAction } from "./actions";
import { RecoveryCodes, type RecoveryLabels } from "./recovery-codes";

/** New recovery codes (all old ones stop working), shown once like at enrolment. */
export function RegenerateRecoveryCodes({ labels }: { labels: { submit: string; saved: string; recovery: RecoveryLabels } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) {
    return (
      <RecoveryCodes codes={codes} labels={labels.recovery}>
        <button
          className="button"
          type="button"
          onClick={() => {
            setCodes(null);
            router.refresh();
          }}
        >
          {labels.saved}
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
        {labels.submit}
      </button>
    </>
  );
}

/** Switching two-step verification off, confirmed with a current code (optional roles only). */
export function DisableTwoFactor({ labels }: { labels: { intro: string; codeLabel: string; codeFormat: string; submit: string; done: string } }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [done, setDone] = useState(false);
  if (done) return <FormAlert kind="ok">{labels.done}</FormAlert>;
  return (
    <form
      noValidate
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setCodeError(null);
        const clean = code.replace(/[\s-]/g, "");
        if (!/^\d{6}$/.test(clean)) return setCodeError(labels.codeFormat);
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
      <p>{labels.intro}</p>
      <TextField
        id="disable-code"
        label={labels.codeLabel}
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
          {labels.submit}
        </button>
      </p>
    </form>
  );
}
