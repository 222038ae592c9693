"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { makeAcceptInviteSchema, type AcceptInviteInput } from "@/lib/validation/users";
import { FormAlert, TextField } from "@/app/_components/form-bits";
import { acceptInviteAction } from "../actions";

type Labels = { email: string; name: string; password: string; confirm: string; hint: string; submit: string };

export function AcceptInviteForm(props: { token: string; email: string; existingUser: boolean; labels: Labels; errorText: Record<string, string> }) {
  const schema = useMemo(() => makeAcceptInviteSchema({ email: props.email, existingUser: props.existingUser }), [props.email, props.existingUser]);
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<AcceptInviteInput>({
    resolver: zodResolver(schema),
    defaultValues: { name: "", password: "", confirmation: "" },
  });
  const msg = (m?: string) => (m ? (props.errorText[m] ?? m) : undefined);
  const { labels } = props;

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
      <TextField id="invite-email" label={labels.email} type="email" value={props.email} readOnly autoComplete="username" />
      {!props.existingUser && (
        <>
          <TextField id="name" label={labels.name} autoComplete="name" required error={msg(formState.errors.name?.message)} {...register("name")} />
          <TextField
            id="password"
            label={labels.password}
            type="password"
            autoComplete="new-password"
            required
            hint={labels.hint}
            error={msg(formState.errors.password?.message)}
            {...register("password")}
          />
          <TextField
            id="confirmation"
            label={labels.confirm}
            type="password"
            autoComplete="new-password"
            required
            error={msg(formState.errors.confirmation?.message)}
            {...register("confirmation")}
          />
        </>
      )}
      <button className="button" type="submit" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
