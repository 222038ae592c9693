"use client";
/**
 * Create or change an event (issue 18 §3): kind, title, description, start and end (Dutch time),
 * place and/or link, capacity, and the audience with the announcements' controls (roles, vendor,
 * institution kind, province, phase; nothing chosen = everyone).
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import type { AudienceChoices } from "@/app/_components/audience";
import { AudienceFields } from "@/app/_components/audience-fields";
import { EVENT_KINDS } from "@/lib/domain/events";
import { eventSchema, type EventInput } from "@/lib/validation/events";
import { useMessageText } from "@/lib/validation/use-message-text";
import { saveEventAction } from "./actions";

export const EMPTY_EVENT: EventInput = { id: "", kind: "info_session", title: "", description: "", startsAt: "", endsAt: "", location: "", link: "", capacity: "", roles: [], vendor: "", institutionKind: "", province: "", phase: "" };

export function EventForm({ initial, choices }: { initial: EventInput; choices: AudienceChoices }) {
  const t = useTranslations("events");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<EventInput>({ resolver: zodResolver(eventSchema, undefined, { raw: true }) as never, defaultValues: initial });
  const err = (f: keyof EventInput) => msg(formState.errors[f]?.message as string | undefined);

  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      // The id travels outside the form's fields: an input named "id" would shadow the form's own id property.
      const res = await saveEventAction({ ...values, id: initial.id });
      if (res.ok) {
        router.push(`/events/${res.data.id}`);
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof EventInput, { message: m });
      }
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} className="card" data-testid="event-form">
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <SelectField id="ev-kind" label={t("f_kind")} required error={err("kind")} {...register("kind")}>
        {EVENT_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField id="ev-title" label={t("f_title")} required error={err("title")} {...register("title")} />
      <TextAreaField id="ev-description" label={t("f_description")} required rows={5} error={err("description")} {...register("description")} />
      <div className="grid">
        <TextField id="ev-starts" type="datetime-local" label={t("f_starts")} required error={err("startsAt")} {...register("startsAt")} />
        <TextField id="ev-ends" type="datetime-local" label={t("f_ends")} required error={err("endsAt")} {...register("endsAt")} />
      </div>
      <TextField id="ev-location" label={t("f_location")} hint={t("f_location_hint")} error={err("location")} {...register("location")} />
      <TextField id="ev-link" type="url" label={t("f_link")} hint={t("f_link_hint")} error={err("link")} {...register("link")} />
      <TextField id="ev-capacity" inputMode="numeric" label={t("f_capacity")} hint={t("f_capacity_hint")} error={err("capacity")} {...register("capacity")} />
      <AudienceFields
        idPrefix="ev"
        hintId="ev-audience-hint"
        legend={t("f_audience")}
        hint={`${t("f_roles_hint")} ${t("f_audience_hint")}`}
        anyLabel={t("any")}
        roles={choices.roles}
        selects={[
          ["vendor", t("f_vendor"), choices.vendors],
          ["institutionKind", t("f_inst_kind"), choices.kinds],
          ["province", t("f_province"), choices.provinces],
          ["phase", t("f_phase"), choices.phases],
        ]}
        register={register}
        error={err}
      />
      <button className="button" type="submit" disabled={pending} aria-busy={pending || undefined}>
        {t("save")}
      </button>
    </form>
  );
}
