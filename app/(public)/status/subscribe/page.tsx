import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";
import { VENDOR_CODES, VENDOR_INFO } from "@/lib/domain/vendors";
import { SubscribeForm } from "./subscribe-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("status_subscribe");
  return { title: t("title") };
}

/** Public: anyone subscribes by e-mail (double opt-in), no account. */
export default async function SubscribePage() {
  const t = await getTranslations("status_subscribe");
  return (
    <>
      <p>
        <Link href="/status">← {t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <SubscribeForm vendors={VENDOR_CODES.map((v) => ({ value: v, label: VENDOR_INFO[v].name }))} />
      <p className="muted">{t("privacy")}</p>
    </>
  );
}
