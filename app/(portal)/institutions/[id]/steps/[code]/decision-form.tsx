"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "next-intl";
import { stepRejectSchema, type StepRejectInput } from "@/lib/validation/onboarding";
import { FormAlert } from "@/app/_components/form-bits";
import { rejectStepAction, verifyStepAction } from "../actions";

export function DecisionForm(props: { institutionId: string; stepCode: string; version: number }) {
  const t = useTranslations();
  const o = useTranslations("onboarding");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<StepRejectInput>({
    resolver: zodResolver(stepRejectSchema),
    defaultValues: { institutionId: props.institutionId, stepCode: props.stepCode as StepRejectInput["stepCode"], version: props.version, reason: "" },
  });
  const reasonError = formState.errors.reason?.message;
  // A decided step no longer has this form: the page confirms the decision (?decision=…), so
  // the confirmation outlives the refresh that removes the form.
  const done = (decision: "verified" | "rejected") => router.replace(`?decision=${decision}`, { scroll: false });

  const verify = () =>
    startTransition(async () => {
      setResult(null);
      const res = await verifyStepAction({ institutionId: props.institutionId, stepCode: props.stepCode, version: props.version });
      if (res.ok) done("verified");
      else setResult({ kind: "error", text: res.error.message });
    });
  const reject = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await rejectStepAction({ ...values, version: Number(values.version) });
      if (res.ok) done("rejected");
      else setResult({ kind: "error", text: res.error.message });
    }),
  );

  return (
    <div>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <p>
        <button className="button" type="button" onClick={verify} disabled={pending}>
          {o("verify")}
        </button>
      </p>
      <form onSubmit={reject} noValidate aria-busy={pending}>
        <div className="field">
          <label htmlFor="reason">{o("reject_reason")}</label>
          {reasonError && (
            <span className="error" id="reason-error">
              {/^v\.[a-z0-9_]+$/.test(reasonError) ? t(reasonError) : reasonError}
            </span>
          )}
          <textarea id="reason" rows={3} maxLength={1000} aria-invalid={reasonError ? true : undefined} aria-describedby={reasonError ? "reason-error" : undefined} {...register("reason")} />
        </div>
        <button className="button secondary" type="submit" disabled={pending}>
          {o("reject")}
        </button>
      </form>
    </div>
  );
}
