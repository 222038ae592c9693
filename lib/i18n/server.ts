import { cookies } from "next/headers";
import { DEFAULT_LOCALE, isLocale, messages, type Locale } from "./messages";

export const LOCALE_COOKIE = "duo_lang";

export async function getLocale(): Promise<Locale> {
  const v = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(v) ? v : DEFAULT_LOCALE;
}

export async function getMessages() {
  const locale = await getLocale();
  return { locale, t: messages[locale] };
}
