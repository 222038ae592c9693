import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { findPasswordReset } from "@/lib/auth/accounts";
import { FormAlert } from "@/app/_components/form-bits";
import { ResetForm } from "./reset-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reset");
  return { title: t("meta_title") };
}

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations();
  const found = await findPasswordReset(getDb(), token, new Date());
  return (
    <div className="card narrow">
      <h1>{t("reset.title")}</h1>
      {found.status !== "valid" ? (
        <>
          <FormAlert kind="error">{t(`auth.reset_${found.status}`)}</FormAlert>
          <p>
            <Link href="/forgot-password">{t("forgot.title")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t("reset.intro", { email: found.email })}</p>
          <ResetForm token={token} email={found.email} />
        </>
      )}
    </div>
  );
}
