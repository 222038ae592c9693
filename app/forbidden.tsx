import { StatusCard } from "@/app/_components/status-card";
import { getTranslations } from "@/lib/i18n/translations";

export default async function Forbidden() {
  const t = await getTranslations("errors");
  return <StatusCard title={t("forbidden_title")} text={t("forbidden")} href="/" linkText={t("go_home")} />;
}
