"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useMemo, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { makeAcceptInviteSchema, type AcceptInviteInput } from "@/lib/validation/users";
import { useMessageText } from "@/lib/validation/use-message-text";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { acceptInviteAction } from "../actions";

export function AcceptInviteForm(props: { token: string; email: string; existingUser: boolean }) {
  const t = useTranslations("invite");
  const tp = useTranslations("password");
  const tl = useTranslations("login");
  const msg = useMessageText();
  const schema = useMemo(() => makeAcceptInviteSchema({ email: props.email, existingUser: props.existingUser }), [props.email, props.existingUser]);
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<AcceptInviteInput>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", password: "", confirmation: "" },
  });

  const onSubmit = handleSubmit((values) => {
    setFormError(null);
    startTransition(async () => {
      const res = await acceptInviteAction(props.token, values);
      if (res && !res.ok) {
        setFormError(res.error.message);
        for (const [field, message] of Object.entries(res.error.fieldErrors ?? {})) {
          setError(field as keyof AcceptInviteInput, { message });
        }
      }
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      <TextField id="invite-email" label={tl("email")} type="email" value={props.email} readOnly autoComplete="username" />
      {!props.existingUser && (
        <>
          <TextField id="name" label={t("name")} autoComplete="name" required error={msg(formState.errors.name?.message)} {...register("name")} />
          <TextField
            id="password"
            label={tp("new")}
            type="password"
            autoComplete="new-password"
            required
            hint={tp("hint")}
            error={msg(formState.errors.password?.message)}
            {...register("password")}
          />
          <TextField
            id="confirmation"
            label={tp("confirm")}
            type="password"
            autoComplete="new-password"
            required
            error={msg(formState.errors.confirmation?.message)}
            {...register("confirmation")}
          />
        </>
      )}
      <button className="button" type="submit" disabled={pending}>
        {props.existingUser ? t("submit_existing") : t("submit")}
      </button>
    </form>
  );
}
