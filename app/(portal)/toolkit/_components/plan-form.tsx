"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { PLAN_KEYS } from "@/lib/domain/planning";
import { planEditSchema, type PlanEditInput } from "@/lib/validation/planning";
import { useMessageText } from "@/lib/validation/use-message-text";
import { savePlanAction } from "@/app/(portal)/institutions/[id]/plans/actions";

/** Change one planned date: pick the plan, the new date (empty removes it) and, optionally, why. */
export function PlanForm({ institutionId, current }: { institutionId: string; current: Record<string, string> }) {
  const t = useTranslations("planning");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError, setValue, reset } = useForm<PlanEditInput>({
    resolver: zodResolver(planEditSchema) as never,
    defaultValues: { institutionId, planKey: "go_live", plannedOn: current.go_live ?? "", reason: "" },
  });
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await savePlanAction(values);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        reset({ ...values, reason: "" });
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof PlanEditInput, { message: m });
      }
    }),
  );
  const keyField = register("planKey");
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-labelledby="plan-form-h" data-testid="plan-form">
      <h3 id="plan-form-h">{t("form_title")}</h3>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <input type="hidden" {...register("institutionId")} />
      <div className="filters">
        <SelectField
          id="plan-key"
          label={t("plan")}
          required
          error={msg(formState.errors.planKey?.message)}
          {...keyField}
          onChange={(e) => {
            void keyField.onChange(e);
            setValue("plannedOn", current[e.target.value] ?? "");
          }}
        >
          {PLAN_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`keys.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="plan-date" label={t("new_date")} hint={t("new_date_hint")} type="date" error={msg(formState.errors.plannedOn?.message)} {...register("plannedOn")} />
      </div>
      <TextField id="plan-reason" label={t("reason_optional")} maxLength={500} error={msg(formState.errors.reason?.message)} {...register("reason")} />
      <button className="button" type="submit" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
