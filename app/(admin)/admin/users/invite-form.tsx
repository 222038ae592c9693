"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { ROLES } from "@/lib/auth/roles";
import { inviteSchema, type InviteInput } from "@/lib/validation/users";
import { useMessageText } from "@/lib/validation/use-message-text";
import { FormAlert, SelectField, TextField } from "@/app/_components/form-bits";
import { inviteUserAction } from "./actions";

type Option = { value: string; label: string };
export function InviteForm(props: { institutions: Option[]; vendors: Option[] }) {
  const t = useTranslations("users");
  const tr = useTranslations("roles");
  const msg = useMessageText();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const { register, handleSubmit, formState, watch, reset, setError } = useForm<InviteInput, unknown, InviteInput>({
    resolver: zodResolver(inviteSchema) as never,
    defaultValues: { email: "", role: "institution_editor", institutionId: "", vendorCode: "" },
  });
  const role = watch("role");

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setResult(null);
      const res = await inviteUserAction(values);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        reset({ email: "", role: values.role, institutionId: "", vendorCode: "" });
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof InviteInput, { message: m });
      }
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <TextField id="invite-email" label={t("email")} type="email" autoComplete="off" required error={msg(formState.errors.email?.message)} {...register("email")} />
      <SelectField id="invite-role" label={t("role")} required error={msg(formState.errors.role?.message)} {...register("role")}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {tr(r)}
          </option>
        ))}
      </SelectField>
      {(role === "institution_editor" || role === "security_officer") && (
        <SelectField id="invite-institution" label={t("institution")} required error={msg(formState.errors.institutionId?.message)} {...register("institutionId")}>
          <option value="">{t("choose")}</option>
          {props.institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </SelectField>
      )}
      {role === "vendor_editor" && (
        <SelectField id="invite-vendor" label={t("vendor")} required error={msg(formState.errors.vendorCode?.message)} {...register("vendorCode")}>
          <option value="">{t("choose")}</option>
          {props.vendors.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </SelectField>
      )}
      <button className="button" type="submit" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
