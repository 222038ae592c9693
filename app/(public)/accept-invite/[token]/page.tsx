import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { findInvitation } from "@/lib/auth/accounts";
import { FormAlert } from "@/app/_components/form-bits";
import { AcceptInviteForm } from "./accept-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("invite");
  return { title: t("meta_title") };
}

export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations();
  const found = await findInvitation(getDb(), token, new Date());
  if (found.status !== "valid") {
    return (
      <div className="card narrow">
        <h1>{t("invite.title")}</h1>
        <FormAlert kind="error">{t(`auth.invite_${found.status}`)}</FormAlert>
        <p>
          <Link href="/login">{t("forgot.back")}</Link>
        </p>
      </div>
    );
  }
  const inv = found.invitation;
  const scope = found.institutionName
    ? t("invite.for_institution", { name: found.institutionName })
    : found.vendorName
      ? t("invite.for_vendor", { name: found.vendorName })
      : "";
  return (
    <div className="card narrow">
      <h1>{t("invite.title")}</h1>
      <p className="lead">{t("invite.intro", { role: t(`roles.${inv.role}`), scope })}</p>
      {found.existingUser && <FormAlert kind="info">{t("invite.existing", { email: inv.email })}</FormAlert>}
      <AcceptInviteForm token={token} email={inv.email} existingUser={found.existingUser} />
    </div>
  );
}
