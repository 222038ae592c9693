import type { Metadata } from "next";
import "./globals.css";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { clientMessages, isLocale } from "@/lib/i18n/messages";
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
        <NextIntlClientProvider locale={locale} messages={clientMessages(isLocale(locale) ? locale : "nl")} timeZone="Europe/Amsterdam">
          <a className="skip-link" href="#main">
            {t("skip")}
          </a>
          {children}
          <HydrationMarker />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
