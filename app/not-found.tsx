import { StatusCard } from "@/app/_components/status-card";
import { getTranslations } from "@/lib/i18n/translations";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return <StatusCard title={t("not_found_title")} text={t("not_found")} href="/" linkText={t("go_home")} />;
}
