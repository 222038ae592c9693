"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import { MILESTONE_METRIC_KINDS, milestoneCreateSchema, type MilestoneCreateInput } from "@/lib/dashboard/milestone-input";
import { useMessageText } from "@/lib/validation/use-message-text";
import { createMilestoneAction } from "./actions";

const EMPTY: MilestoneCreateInput = { titleNl: "", titleEn: "", descriptionNl: "", descriptionEn: "", date: "", metricKind: "institutions_live", precondition: "", vendors: [], target: "" };

/** Adds a milestone: what it counts (and for which vendors), the target and the date. */
export function NewMilestoneForm({ vendors, preconditions }: { vendors: { code: string; name: string }[]; preconditions: { code: string; label: string }[] }) {
  const t = useTranslations("dashboard");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError, reset, watch } = useForm<MilestoneCreateInput>({
    resolver: zodResolver(milestoneCreateSchema) as never,
    defaultValues: EMPTY,
  });
  const kind = watch("metricKind");
  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await createMilestoneAction(values);
      if (res.ok) {
        reset(EMPTY);
        setResult({ kind: "ok", text: res.data.message });
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof MilestoneCreateInput, { message: m });
      }
    }),
  );
  const vendorError = msg(formState.errors.vendors?.message);
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} data-testid="ms-new">
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <TextField id="ms-new-title-nl" label={t("ms_title_nl")} required error={msg(formState.errors.titleNl?.message)} {...register("titleNl")} />
      <TextField id="ms-new-title-en" label={t("ms_title_en")} required error={msg(formState.errors.titleEn?.message)} {...register("titleEn")} />
      <SelectField id="ms-new-metric" label={t("ms_metric")} required error={msg(formState.errors.metricKind?.message)} {...register("metricKind")}>
        {MILESTONE_METRIC_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`ms_kind_${k}`)}
          </option>
        ))}
      </SelectField>
      {kind === "institutions_precondition_met" && (
        <SelectField id="ms-new-precondition" label={t("ms_precondition")} required error={msg(formState.errors.precondition?.message)} {...register("precondition")}>
          <option value="">{t("ms_choose")}</option>
          {preconditions.map((p) => (
            <option key={p.code} value={p.code}>
              {p.label}
            </option>
          ))}
        </SelectField>
      )}
      {kind !== "manual" && (
        <fieldset className="field" aria-describedby={vendorError ? "ms-new-vendors-error" : "ms-new-vendors-hint"}>
          <legend>{t("ms_vendors")}</legend>
          <span className="hint" id="ms-new-vendors-hint">
            {kind === "infrastructures_live" ? t("ms_vendors_hint_required") : t("ms_vendors_hint")}
          </span>
          {vendorError && (
            <span className="error" id="ms-new-vendors-error">
              {vendorError}
            </span>
          )}
          {vendors.map((v) => (
            <label key={v.code} className="checkbox">
              <input type="checkbox" value={v.code} {...register("vendors")} /> {v.name}
            </label>
          ))}
        </fieldset>
      )}
      <div className="filters">
        <TextField id="ms-new-date" label={t("ms_date")} type="date" required error={msg(formState.errors.date?.message)} {...register("date")} />
        {kind !== "manual" && <TextField id="ms-new-target" label={t("ms_target")} inputMode="numeric" required error={msg(formState.errors.target?.message)} {...register("target")} style={{ width: "8rem" }} />}
      </div>
      <TextAreaField id="ms-new-description-nl" label={t("ms_description_nl")} rows={2} error={msg(formState.errors.descriptionNl?.message)} {...register("descriptionNl")} />
      <TextAreaField id="ms-new-description-en" label={t("ms_description_en")} rows={2} error={msg(formState.errors.descriptionEn?.message)} {...register("descriptionEn")} />
      <button className="button" type="submit" disabled={pending}>
        {t("ms_add")}
      </button>
    </form>
  );
}
