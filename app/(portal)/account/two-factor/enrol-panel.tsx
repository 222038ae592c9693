"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { confirmEnrolmentAction, startEnrolmentAction } from "./actions";
import { RecoveryCodes } from "./recovery-codes";

/**
 * Enrolment in three steps: a key (QR code drawn on the server, and the same key as text for
 * typing in), a first code to prove the app has it, then the recovery codes, shown once.
 * `after`: "continue" for the forced set-up page (on to the portal), "refresh" on the account page.
 */
export function EnrolPanel({
  after,
  autoStart = false,
  children,
}: {
  after: "continue" | "refresh";
  autoStart?: boolean;
  /** What to say before enrolment is done (the status, why); hidden once the recovery codes show. */
  children?: React.ReactNode;
}) {
  const t = useTranslations("two_factor");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [setup, setSetup] = useState<{ qrSvg: string; secret: string; account: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const scanHeading = useRef<HTMLParagraphElement>(null);

  const start = () =>
    startTransition(async () => {
      setError(null);
      const res = await startEnrolmentAction();
      if (res.ok) setSetup({ qrSvg: res.data.qrSvg, secret: res.data.secret, account: res.data.account });
      else setError(res.error.message);
    });

  useEffect(() => {
    if (autoStart) start();
    // Once, on mount: the forced set-up page needs no extra click.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (setup && !autoStart) scanHeading.current?.focus();
  }, [setup, autoStart]);

  const confirm = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setCodeError(null);
    const clean = code.replace(/[\s-]/g, "");
    if (!/^\d{6}$/.test(clean)) return setCodeError(t("code_format"));
    startTransition(async () => {
      const res = await confirmEnrolmentAction(clean);
      if (res.ok) setCodes(res.data.recoveryCodes);
      else {
        setCode("");
        if (res.error.fieldErrors?.code) setCodeError(res.error.fieldErrors.code);
        else setError(res.error.message);
      }
    });
  };

  if (codes) {
    return (
      <>
        <FormAlert kind="ok">{t("enabled")}</FormAlert>
        <RecoveryCodes codes={codes}>
          {after === "continue" ? (
            // A full page load: the session is now allowed everywhere, and the header should show it.
            // eslint-disable-next-line @next/next/no-html-link-for-pages -- the full load is the point
            <a className="button" href="/">
              {t("recovery_saved")}
            </a>
          ) : (
            <button className="button" type="button" onClick={() => router.refresh()}>
              {t("recovery_saved")}
            </button>
          )}
        </RecoveryCodes>
      </>
    );
  }

  if (!setup) {
    return (
      <>
        {children}
        {error && <FormAlert kind="error">{error}</FormAlert>}
        <button className="button" type="button" onClick={start} disabled={pending} aria-busy={pending}>
          {t("start")}
        </button>
      </>
    );
  }

  return (
    <>
      {children}
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <ol>
        <li>
          <p>{t("step_app")}</p>
        </li>
        <li>
          <p ref={scanHeading} tabIndex={-1}>
            {t("step_scan")}
          </p>
          {/* The SVG comes from our own server action (qrcode package), not from user input. */}
          <div className="qr-code" role="img" aria-label={t("qr_label")} dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
          <dl className="kv">
            <dt>{t("secret_label")}</dt>
            <dd>
              <code className="totp-secret" data-testid="totp-secret">
                {setup.secret}
              </code>
            </dd>
          </dl>
          <p className="muted">{t("secret_details", { account: setup.account })}</p>
        </li>
        <li>
          <p>{t("step_confirm")}</p>
          <form onSubmit={confirm} noValidate aria-busy={pending}>
            <TextField
              id="enrol-code"
              label={t("code_label")}
              hint={t("code_hint")}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={codeError ?? undefined}
            />
            <p>
              <button className="button" type="submit" disabled={pending}>
                {t("confirm")}
              </button>
            </p>
          </form>
        </li>
      </ol>
    </>
  );
}
