/**
 * getTranslations for server components, pages, route handlers and server actions: next-intl's
 * translator, with its calls with arguments served from messages compiled once per process
 * (lib/i18n/compiled-messages.ts; the same texts, measured ~50× cheaper a call). Import it from
 * here, not from "next-intl/server" (ESLint says so).
 */
import { getLocale, getTranslations as nextIntlGetTranslations } from "next-intl/server";
import { withCompiledMessages } from "./compiled-messages";

export const getTranslations = (async (arg?: Parameters<typeof nextIntlGetTranslations>[0]) => {
  const [t, locale] = await Promise.all([nextIntlGetTranslations(arg as never), typeof arg === "object" && arg?.locale ? arg.locale : getLocale()]);
  return withCompiledMessages(t, locale);
}) as typeof nextIntlGetTranslations;
