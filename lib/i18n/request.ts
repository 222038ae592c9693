/**
 * next-intl's request configuration: the locale comes from the portal's language cookie
 * (no locale prefix in URLs, no routing middleware). Wired in next.config.ts.
 */
import { getRequestConfig } from "next-intl/server";
import { getLocale } from "./server";
import { messages } from "./messages";

export default getRequestConfig(async () => {
  const locale = await getLocale();
  return { locale, messages: messages[locale], timeZone: "Europe/Amsterdam" };
});
