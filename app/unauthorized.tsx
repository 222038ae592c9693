import { StatusCard } from "@/app/_components/status-card";
import { getTranslations } from "@/lib/i18n/translations";

/**
 * What `unauthorized()` shows. The pages send visitors without a session to the login page
 * themselves (lib/auth/session.ts), so this is the fallback: in Dutch and English like the rest,
 * instead of Next's built-in English page, which every page's RSC payload carried twice.
 */
export default async function Unauthorized() {
  const t = await getTranslations("errors");
  return <StatusCard title={t("problem_titles.unauthenticated")} text={t("unauthenticated")} href="/login" linkText={t("go_login")} />;
}
