import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { findPasswordReset } from "@/lib/auth/accounts";
import { getMessages } from "@/lib/i18n/server";
import { format, translate } from "@/lib/i18n/messages";
import { FormAlert } from "@/app/_components/form-bits";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Nieuw wachtwoord" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t, locale } = await getMessages();
  const found = await findPasswordReset(getDb(), token, new Date());
  return (
    <div className="card narrow">
      <h1>{t.reset.title}</h1>
      {found.status !== "valid" ? (
        <>
          <FormAlert kind="error">{translate(locale, `auth.reset_${found.status}`)}</FormAlert>
          <p>
            <Link href="/forgot-password">{t.forgot.title}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{format(t.reset.intro, { email: found.email })}</p>
          <ResetForm token={token} email={found.email} labels={{ password: t.password.new, confirm: t.password.confirm, hint: t.password.hint, submit: t.reset.submit }} />
        </>
      )}
    </div>
  );
}
