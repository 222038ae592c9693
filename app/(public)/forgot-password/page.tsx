import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("forgot");
  return { title: t("title") };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations("forgot");
  return (
    <div className="card narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <ForgotForm />
      <p>
        <Link href="/login">{t("back")}</Link>
      </p>
    </div>
  );
}
