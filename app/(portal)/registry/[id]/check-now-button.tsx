"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { ActionButton } from "@/app/_components/action-button";
import { attachCheckResultAction } from "@/app/(portal)/institutions/[id]/steps/actions";
import { checkNowAction, type CheckNowSummary } from "./check-actions";

/** Offered to editors of the endpoint's institution while its "DUO connection tested" step is open. */
export type AttachEvidence = { institutionId: string };

/** Runs one check now; shows elapsed time while it runs and the verdict when it is done. */
export function CheckNowButton({ endpointId, attach }: { endpointId: string; attach?: AttachEvidence }) {
  const t = useTranslations("checker");
  const ta = useTranslations("onboarding.check_evidence");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [seconds, setSeconds] = useState(0);
  const [result, setResult] = useState<CheckNowSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attached, setAttached] = useState<{ stepHref: string; filename: string; status: string } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!pending) return;
    setSeconds(0);
    const timer = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(timer);
  }, [pending]);

  const run = () =>
    start(async () => {
      setError(null);
      setResult(null);
      setAttached(null);
      const res = await checkNowAction(endpointId);
      if (res.ok) {
        setResult(res.data);
        router.refresh();
      } else setError(res.error.message);
      setTimeout(() => resultRef.current?.focus(), 0);
    });

  return (
    <div className="check-now">
      <button type="button" className="button" onClick={run} disabled={pending} aria-describedby="check-now-status">
        {t("check_now")}
      </button>
      <div id="check-now-status" aria-live="polite" role="status">
        {pending && (
          <p>
            <span className="muted">{t("checking", { seconds: String(seconds) })}</span> {t("checking_steps")}
          </p>
        )}
      </div>
      {error && (
        <div className="alert error" role="alert" tabIndex={-1} ref={resultRef}>
          {error}
        </div>
      )}
      {result && (
        <div className={`alert ${result.status === "down" ? "error" : result.status === "degraded" ? "info" : "ok"}`} tabIndex={-1} ref={resultRef} data-testid="check-now-result">
          <p>
            <strong>{t("check_done", { status: t(`check.${result.status}`) })}</strong> {t("phases.totalMs")}: {result.phases.totalMs} ms
          </p>
          {result.steps.length > 0 && (
            <>
              <p>{t("chain.title")}</p>
              <ol>
                {result.steps.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
            </>
          )}
          {result.lines.length === 0 ? (
            <p>{t("verdict_ok")}</p>
          ) : (
            <ul>
              {result.lines.map((l) => (
                <li key={l.code}>
                  <strong>{l.label}.</strong> {l.explanation} <em>{t("next_step")}:</em> {l.nextStep}
                </li>
              ))}
            </ul>
          )}
          {attach && (
            <div className="actions-row">
              {attached ? (
                <p role="status">
                  {ta("attached", { name: attached.filename })} {attached.status === "down" && ta("attached_down")}{" "}
                  <Link href={attached.stepHref}>{ta("go_to_step")}</Link>
                </p>
              ) : (
                <ActionButton
                  action={attachCheckResultAction}
                  args={[{ institutionId: attach.institutionId, checkResultId: result.resultId }]}
                  text={ta("attach")}
                  pendingText={ta("attaching")}
                  onSuccess={setAttached}
                />
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
