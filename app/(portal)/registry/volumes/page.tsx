import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { VolumesForm } from "./volumes-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("golive.volumes");
  return { title: t("title") };
}

/** Monthly exchange volumes by CSV (issue 17 §2): vendor editors for their institutions, programme admins for all. */
export default async function VolumesPage() {
  await requirePagePermission("exchange.report");
  const t = await getTranslations("golive.volumes");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p className="muted">{t("format")}</p>
      <p className="muted">{t("api_hint")}</p>
      <VolumesForm />
    </>
  );
}
