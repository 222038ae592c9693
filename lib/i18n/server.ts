/**
 * The portal's language on the server: the language cookie (no locale prefix in URLs). Texts are
 * read with `getTranslations` from lib/i18n/translations.ts (next-intl's, with compiled messages); this module only says which
 * language, typed as Locale (next-intl's own getLocale returns a plain string).
 */
import { cookies } from "next/headers";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./messages";

export const LOCALE_COOKIE = "duo_lang";

export async function getLocale(): Promise<Locale> {
  const v = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(v) ? v : DEFAULT_LOCALE;
}
