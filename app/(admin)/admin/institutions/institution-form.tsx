"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { useTranslations } from "next-intl";
import { INSTITUTION_KINDS } from "@/lib/validation/identifiers";
import { institutionFormSchema, type InstitutionFormInput } from "@/lib/validation/institution";
import { useMessageText } from "@/lib/validation/use-message-text";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { createInstitutionAction, updateInstitutionAction } from "./actions";

type Option = [string, string];
const ROLES = ["project_lead", "ciso", "fg", "technical"] as const;

export function InstitutionForm(props: {
  id?: string;
  initial: InstitutionFormInput;
  /** Province codes with their names, vendor codes with theirs (data, not UI text). */
  provinces: Option[];
  vendors: Option[];
}) {
  const ti = useTranslations("institutions");
  const a = useTranslations("institutionsAdmin");
  const tk = useTranslations("kinds");
  const text = useMessageText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<InstitutionFormInput>({ resolver: zodResolver(institutionFormSchema) as never, defaultValues: props.initial });
  const err = (e?: FieldError | { message?: string }) => text(e?.message);
  const ce = formState.errors.contacts as Record<string, Record<string, FieldError>> | undefined;

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setAlert(null);
      const res = props.id ? await updateInstitutionAction(props.id, values) : await createInstitutionAction(values);
      if (res.ok) {
        setAlert({ kind: "ok", text: props.id ? a("saved") : a("created") });
        router.push(`/institutions/${res.data.id}`);
      } else {
        setAlert({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof InstitutionFormInput, { message: m });
      }
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {alert && <FormAlert kind={alert.kind}>{alert.text}</FormAlert>}
      <TextField id="name" label={ti("name")} required error={err(formState.errors.name)} {...register("name")} />
      <SelectField id="kind" label={ti("kind")} required error={err(formState.errors.kind)} {...register("kind")}>
        <option value="">{a("choose")}</option>
        {INSTITUTION_KINDS.map((k) => (
          <option key={k} value={k}>
            {tk(k)}
          </option>
        ))}
      </SelectField>
      <TextField id="ura" label={ti("ura")} required inputMode="numeric" maxLength={8} error={err(formState.errors.ura)} {...register("ura")} />
      <TextField id="agb" label={ti("agb")} inputMode="numeric" maxLength={8} error={err(formState.errors.agb)} {...register("agb")} />
      <TextField id="kvk" label={ti("kvk")} inputMode="numeric" maxLength={8} error={err(formState.errors.kvk)} {...register("kvk")} />
      <TextField id="city" label={ti("city")} required error={err(formState.errors.city)} {...register("city")} />
      <SelectField id="province" label={ti("province")} required error={err(formState.errors.province)} {...register("province")}>
        <option value="">{a("choose")}</option>
        {props.provinces.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </SelectField>
      <SelectField id="vendor" label={ti("vendor")} error={err(formState.errors.vendor)} {...register("vendor")}>
        <option value="">{a("vendor_none")}</option>
        {props.vendors.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </SelectField>
      <TextField id="groupName" label={a("group")} error={err(formState.errors.groupName)} {...register("groupName")} />
      <h2>{a("contacts")}</h2>
      {ROLES.map((role) => (
        <fieldset key={role}>
          <legend>{ti(`contact_roles.${role}`)}</legend>
          <TextField id={`${role}-name`} label={a("contact_name")} autoComplete="off" error={err(ce?.[role]?.name)} {...register(`contacts.${role}.name`)} />
          <TextField id={`${role}-email`} label={a("contact_email")} type="email" autoComplete="off" error={err(ce?.[role]?.email)} {...register(`contacts.${role}.email`)} />
          <TextField id={`${role}-phone`} label={a("contact_phone")} type="tel" autoComplete="off" error={err(ce?.[role]?.phone)} {...register(`contacts.${role}.phone`)} />
        </fieldset>
      ))}
      <button className="button" type="submit" disabled={pending}>
        {a("save")}
      </button>
    </form>
  );
}
