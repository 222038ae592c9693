"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { milestoneEditSchema, type MilestoneEditInput } from "@/lib/dashboard/milestone-input";
import { useMessageText } from "@/lib/validation/use-message-text";
import { updateMilestoneAction } from "./actions";

export function MilestoneForm({ initial, manual }: { initial: MilestoneEditInput; manual: boolean }) {
  const t = useTranslations("dashboard");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError, setValue } = useForm<MilestoneEditInput>({
    resolver: zodResolver(milestoneEditSchema) as never,
    defaultValues: initial,
  });
  const id = (f: string) => `ms-${initial.code}-${f}`;
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await updateMilestoneAction(values);
      if (res.ok) {
        setValue("version", res.data.version);
        setResult({ kind: "ok", text: res.data.message });
        // The page around the form (the remove action's version, the dashboard link) follows.
        router.refresh();
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
        <TextField id={id("date")} label={t("ms_date")} type="date" required error={msg(formState.errors.date?.message)} {...register("date")} />
        {!manual && <TextField id={id("target")} label={t("ms_target")} inputMode="numeric" required error={msg(formState.errors.target?.message)} {...register("target")} style={{ width: "8rem" }} />}
        {manual && <TextField id={id("achieved")} label={t("ms_achieved")} hint={t("ms_achieved_hint")} type="date" error={msg(formState.errors.achievedOn?.message)} {...register("achievedOn")} />}
      </div>
      <TextField id={id("title-nl")} label={t("ms_title_nl")} required error={msg(formState.errors.titleNl?.message)} {...register("titleNl")} />
      <TextField id={id("title-en")} label={t("ms_title_en")} required error={msg(formState.errors.titleEn?.message)} {...register("titleEn")} />
      {manual && <input type="hidden" {...register("target")} />}
      {!manual && <input type="hidden" {...register("achievedOn")} />}
      <button className="button" type="submit" disabled={pending}>
        {t("ms_save")}
      </button>
    </form>
  );
}
