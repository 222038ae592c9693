"use client";
import { useMemo } from "react";
import { NextIntlClientProvider } from "next-intl";

/**
 * next-intl's client provider, given the client messages as one JSON string (clientMessagesJson
 * in lib/i18n/messages.ts) instead of an object. The messages travel to the browser with every
 * page; React serialises a string in one piece, where it walks an object of ~1,500 texts on every
 * request and the server-side render walks it again to read it back (~1 ms of every page). The
 * provider gets the same messages, locale and time zone as before.
 */
export function IntlClientProvider({ locale, messagesJson, timeZone, children }: { locale: string; messagesJson: string; timeZone: string; children: React.ReactNode }) {
  const messages = useMemo(() => JSON.parse(messagesJson) as Record<string, unknown>, [messagesJson]);
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
      {children}
    </NextIntlClientProvider>
  );
}
