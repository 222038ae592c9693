import Link from "next/link";
import { getTranslations } from "@/lib/i18n/translations";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main id="main" tabIndex={-1}>
      <div className="card narrow">
        <h1>{t("not_found_title")}</h1>
        <p>{t("not_found")}</p>
        <p>
          <Link href="/">{t("go_home")}</Link>
        </p>
      </div>
    </main>
  );
}
