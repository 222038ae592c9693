"use client";
/** Compose an announcement: title, body, audience (AND of all filters), a preview of its size, publish. */
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { AudienceFields } from "@/app/_components/audience-fields";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { announcementSchema, audienceSchema, type AnnouncementInput } from "@/lib/validation/notifications";
import { useMessageText } from "@/lib/validation/use-message-text";
import { previewAudienceAction, publishAnnouncementAction } from "./actions";
import type { AudienceChoices } from "@/app/_components/audience";

const EMPTY: AnnouncementInput = { title: "", body: "", roles: [], vendor: "", kind: "", province: "", phase: "", unmet: "" };

export function AnnouncementForm({ choices }: { choices: AudienceChoices }) {
  const t = useTranslations("announcements");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error" | "info"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError, reset, getValues, trigger } = useForm<AnnouncementInput>({ resolver: zodResolver(announcementSchema) as never, defaultValues: EMPTY });
  const err = (f: keyof AnnouncementInput) => msg(formState.errors[f]?.message as string | undefined);
  const showErrors = (fieldErrors?: Record<string, string>) => {
    for (const [f, m] of Object.entries(fieldErrors ?? {})) setError(f as keyof AnnouncementInput, { message: m });
  };

  const preview = () =>
    start(async () => {
      setResult(null);
      if (!(await trigger("roles"))) return;
      const parsed = audienceSchema.safeParse(getValues());
      if (!parsed.success) return;
      const res = await previewAudienceAction(getValues());
      if (res.ok) setResult({ kind: "info", text: t("preview_count", { count: res.data.count }) });
      else {
        setResult({ kind: "error", text: res.error.message });
        showErrors(res.error.fieldErrors);
      }
    });

  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      const res = await publishAnnouncementAction(values);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        reset(EMPTY);
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        showErrors(res.error.fieldErrors);
      }
    }),
  );

  const describedBody = err("body") ? "ann-body-error" : undefined;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="new-h" className="card">
      <h2 id="new-h" style={{ marginTop: 0 }}>
        {t("new")}
      </h2>
      <TextField id="ann-title" label={t("title_field")} required error={err("title")} {...register("title")} />
      <div className="field">
        <label htmlFor="ann-body">{t("body")}</label>
        {err("body") && (
          <span className="error" id="ann-body-error">
            {err("body")}
          </span>
        )}
        <textarea id="ann-body" rows={6} aria-required aria-invalid={err("body") ? true : undefined} aria-describedby={describedBody} {...register("body")} />
      </div>
      <AudienceFields
        idPrefix="ann"
        hintId="ann-roles-hint"
        legend={t("audience_roles")}
        hint={t("audience_hint")}
        anyLabel={t("any")}
        roles={choices.roles}
        selects={[
          ["vendor", t("audience_vendor"), choices.vendors],
          ["kind", t("audience_kind"), choices.kinds],
          ["province", t("audience_province"), choices.provinces],
          ["phase", t("audience_phase"), choices.phases],
          ["unmet", t("audience_unmet"), choices.unmet],
        ]}
        register={register}
        error={err}
      />
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <p style={{ display: "flex", gap: ".75rem", flexWrap: "wrap" }}>
        <button className="button secondary" type="button" onClick={preview} disabled={pending}>
          {t("preview")}
        </button>
        <button className="button" type="submit" disabled={pending} aria-busy={pending || undefined}>
          {t("publish")}
        </button>
      </p>
    </form>
  );
}
