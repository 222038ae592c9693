"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { institutionFormSchema, type InstitutionFormInput } from "@/lib/validation/institution";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { createInstitutionAction, updateInstitutionAction } from "./actions";

type Option = [string, string];
type Labels = Record<
  "name" | "kind" | "ura" | "agb" | "kvk" | "city" | "province" | "vendor" | "group" | "contacts" | "contact_name" | "contact_email" | "contact_phone" | "save" | "saved" | "created" | "choose" | "vendor_none",
  string
>;
const ROLES = ["project_lead", "ciso", "fg", "technical"] as const;

export function InstitutionForm(props: {
  id?: string;
  initial: InstitutionFormInput;
  kinds: Option[];
  provinces: Option[];
  vendors: Option[];
  roleLabels: Record<(typeof ROLES)[number], string>;
  labels: Labels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [alert, setAlert] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<InstitutionFormInput>({ resolver: zodResolver(institutionFormSchema) as never, defaultValues: props.initial });
  const { labels: l } = props;
  const err = (e?: FieldError | { message?: string }) => e?.message;
  const ce = formState.errors.contacts as Record<string, Record<string, FieldError>> | undefined;

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setAlert(null);
      const res = props.id ? await updateInstitutionAction(props.id, values) : await createInstitutionAction(values);
      if (res.ok) {
        setAlert({ kind: "ok", text: props.id ? l.saved : l.created });
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
      <TextField id="name" label={l.name} required error={err(formState.errors.name)} {...register("name")} />
      <SelectField id="kind" label={l.kind} required error={err(formState.errors.kind)} {...register("kind")}>
        <option value="">{l.choose}</option>
        {props.kinds.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </SelectField>
      <TextField id="ura" label={l.ura} required inputMode="numeric" maxLength={8} error={err(formState.errors.ura)} {...register("ura")} />
      <TextField id="agb" label={l.agb} inputMode="numeric" maxLength={8} error={err(formState.errors.agb)} {...register("agb")} />
      <TextField id="kvk" label={l.kvk} inputMode="numeric" maxLength={8} error={err(formState.errors.kvk)} {...register("kvk")} />
      <TextField id="city" label={l.city} required error={err(formState.errors.city)} {...register("city")} />
      <SelectField id="province" label={l.province} required error={err(formState.errors.province)} {...register("province")}>
        <option value="">{l.choose}</option>
        {props.provinces.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </SelectField>
      <SelectField id="vendor" label={l.vendor} error={err(formState.errors.vendor)} {...register("vendor")}>
        <option value="">{l.vendor_none}</option>
        {props.vendors.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </SelectField>
      <TextField id="groupName" label={l.group} error={err(formState.errors.groupName)} {...register("groupName")} />
      <h2>{l.contacts}</h2>
      {ROLES.map((role) => (
        <fieldset key={role}>
          <legend>{props.roleLabels[role]}</legend>
          <TextField id={`${role}-name`} label={l.contact_name} autoComplete="off" error={err(ce?.[role]?.name)} {...register(`contacts.${role}.name`)} />
          <TextField id={`${role}-email`} label={l.contact_email} type="email" autoComplete="off" error={err(ce?.[role]?.email)} {...register(`contacts.${role}.email`)} />
          <TextField id={`${role}-phone`} label={l.contact_phone} type="tel" autoComplete="off" error={err(ce?.[role]?.phone)} {...register(`contacts.${role}.phone`)} />
        </fieldset>
      ))}
      <button className="button" type="submit" disabled={pending}>
        {l.save}
      </button>
    </form>
  );
}
