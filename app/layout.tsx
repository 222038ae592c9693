import type { Metadata } from "next";
import "./globals.css";
import { getMessages } from "@/lib/i18n/server";
import { HydrationMarker } from "./_components/hydration-marker";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: { default: t.app.name, template: `%s · ${t.app.name}` }, description: t.app.tagline };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await getMessages();
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t.shell.skip}
        </a>
        {children}
        <HydrationMarker />
      </body>
    </html>
  );
}
