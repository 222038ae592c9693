"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { milestoneEditSchema, type MilestoneEditInput } from "@/lib/dashboard/milestone-input";
import { updateMilestoneAction } from "./actions";

type Labels = { date: string; target: string; achieved: string; achievedHint: string; titleNl: string; titleEn: string; save: string };

export function MilestoneForm({ initial, manual, labels, errorText }: { initial: MilestoneEditInput; manual: boolean; labels: Labels; errorText: Record<string, string> }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError, setValue } = useForm<MilestoneEditInput>({
    resolver: zodResolver(milestoneEditSchema) as never,
    defaultValues: initial,
  });
  const msg = (m?: string) => (m ? (errorText[m] ?? m) : undefined);
  const id = (f: string) => `ms-${initial.code}-${f}`;
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await updateMilestoneAction(values);
      if (res.ok) {
        setValue("version", res.data.version);
        setResult({ kind: "ok", text: res.data.message });
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof MilestoneEditInput, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <input type="hidden" {...register("code")} />
      <input type="hidden" {...register("version")} />
      <div className="filters">
        <TextField id={id("date")} label={labels.date} type="date" required error={msg(formState.errors.date?.message)} {...register("date")} />
        {!manual && <TextField id={id("target")} label={labels.target} inputMode="numeric" required error={msg(formState.errors.target?.message)} {...register("target")} style={{ width: "8rem" }} />}
        {manual && <TextField id={id("achieved")} label={labels.achieved} hint={labels.achievedHint} type="date" error={msg(formState.errors.achievedOn?.message)} {...register("achievedOn")} />}
      </div>
      <TextField id={id("title-nl")} label={labels.titleNl} required error={msg(formState.errors.titleNl?.message)} {...register("titleNl")} />
      <TextField id={id("title-en")} label={labels.titleEn} required error={msg(formState.errors.titleEn?.message)} {...register("titleEn")} />
      {manual && <input type="hidden" {...register("target")} />}
      {!manual && <input type="hidden" {...register("achievedOn")} />}
      <button className="button" type="submit" disabled={pending}>
        {labels.save}
      </button>
    </form>
  );
}
