import type { Metadata } from "next";
import "./globals.css";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { ClientMessages } from "./_components/client-messages";
import { HydrationMarker } from "./_components/hydration-marker";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shell")]);
  return (
    <html lang={locale}>
      <body>
        {/* Client texts: `base` here; each route's layout adds the groups of its forms. */}
        <ClientMessages groups={[]}>
          <a className="skip-link" href="#main">
            {t("skip")}
          </a>
          {children}
          <HydrationMarker />
        </ClientMessages>
      </body>
    </html>
  );
}
