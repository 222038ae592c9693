import type { Metadata } from "next";
import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";
import { validationTexts } from "@/lib/i18n/messages";
import { ForgotForm } from "./forgot-form";

export const metadata: Metadata = { title: "Wachtwoord vergeten" };

export default async function ForgotPasswordPage() {
  const { t } = await getMessages();
  return (
    <div className="card narrow">
      <h1>{t.forgot.title}</h1>
      <p className="lead">{t.forgot.intro}</p>
      <ForgotForm labels={{ email: t.login.email, submit: t.forgot.submit }} errorText={validationTexts(t)} sentText={t.forgot.sent} />
      <p>
        <Link href="/login">{t.forgot.back}</Link>
      </p>
    </div>
  );
}
