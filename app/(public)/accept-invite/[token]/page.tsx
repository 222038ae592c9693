import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { findInvitation } from "@/lib/auth/accounts";
import { getMessages } from "@/lib/i18n/server";
import { format, translate, validationTexts } from "@/lib/i18n/messages";
import { FormAlert } from "@/app/_components/form-bits";
import { AcceptInviteForm } from "./accept-form";

export const metadata: Metadata = { title: "Uitnodiging" };

export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t, locale } = await getMessages();
  const found = await findInvitation(getDb(), token, new Date());
  if (found.status !== "valid") {
    return (
      <div className="card narrow">
        <h1>{t.invite.title}</h1>
        <FormAlert kind="error">{translate(locale, `auth.invite_${found.status}`)}</FormAlert>
        <p>
          <Link href="/login">{t.forgot.back}</Link>
        </p>
      </div>
    );
  }
  const inv = found.invitation;
  const scope = found.institutionName
    ? format(t.invite.for_institution, { name: found.institutionName })
    : found.vendorName
      ? format(t.invite.for_vendor, { name: found.vendorName })
      : "";
  return (
    <div className="card narrow">
      <h1>{t.invite.title}</h1>
      <p className="lead">{format(t.invite.intro, { role: t.roles[inv.role], scope })}</p>
      {found.existingUser && <FormAlert kind="info">{format(t.invite.existing, { email: inv.email })}</FormAlert>}
      <AcceptInviteForm
        token={token}
        email={inv.email}
        existingUser={found.existingUser}
        labels={{
          email: t.login.email,
          name: t.invite.name,
          password: t.password.new,
          confirm: t.password.confirm,
          hint: t.password.hint,
          submit: found.existingUser ? t.invite.submit_existing : t.invite.submit,
        }}
        errorText={validationTexts(t)}
      />
    </div>
  );
}
