import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/translations";
import { requirePagePermission } from "@/lib/auth/session";
import { ImportForm } from "./import-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("institutionsAdmin");
  return { title: t("commit") };
}

export default async function ImportsPage() {
  await requirePagePermission("institution.manage");
  const t = await getTranslations("institutionsAdmin");
  return (
    <>
      <h1>{t("import_title")}</h1>
      <p className="lead">{t("import_intro")}</p>
      <p className="muted">{t("import_columns")}</p>
      <ImportForm />
    </>
  );
}
