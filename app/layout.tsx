import type { Metadata } from "next";
import "./globals.css";
import { getLocale, getTranslations } from "next-intl/server";
import { clientMessagesJson, isLocale } from "@/lib/i18n/messages";
import { HydrationMarker } from "./_components/hydration-marker";
import { IntlClientProvider } from "./_components/intl-client-provider";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shell")]);
  return (
    <html lang={locale}>
      <body>
        <IntlClientProvider locale={locale} messagesJson={clientMessagesJson(isLocale(locale) ? locale : "nl")} timeZone="Europe/Amsterdam">
          <a className="skip-link" href="#main">
            {t("skip")}
          </a>
          {children}
          <HydrationMarker />
        </IntlClientProvider>
      </body>
    </html>
  );
}
