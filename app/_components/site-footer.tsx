import { getTranslations } from "@/lib/i18n/translations";

export async function SiteFooter() {
  const t = await getTranslations("shell");
  return (
    <footer className="site-footer">
      <p>{t("footer")}</p>
    </footer>
  );
}
