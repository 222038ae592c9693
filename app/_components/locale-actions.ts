"use server";
import { formOf } from "@/lib/actions";
import { cookies } from "next/headers";
import { isLocale } from "@/lib/i18n/messages";
import { LOCALE_COOKIE } from "@/lib/i18n/server";

/** Anyone may switch the language, signed in or not; only a known locale is accepted. */
export async function setLocaleAction(formData: FormData) {
  const lang = formOf(formData).get("lang");
  if (!isLocale(lang)) return;
  (await cookies()).set(LOCALE_COOKIE, lang, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
}
