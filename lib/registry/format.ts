/** Display helpers for the registry pages (Dutch time, both languages). Pure. */
import type { MaintenanceWindow } from "@/db/schema/endpoints";
import { dateTimeFormat } from "@/lib/domain/intl";
import type { Locale } from "@/lib/i18n/messages";

/** A translator for the "registry" messages: getTranslations("registry") or useTranslations("registry"). */
export type RegistryT = (key: string, values?: Record<string, string>) => string;

export function formatInstant(d: Date | string | null | undefined, locale: Locale, withTime = true): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return (withTime ? INSTANT : DAY)[locale].format(date);
}

const formats = (options: Intl.DateTimeFormatOptions): Record<Locale, Intl.DateTimeFormat> => ({ nl: dateTimeFormat("nl-NL", options), en: dateTimeFormat("en-GB", options) });
const INSTANT = formats({ dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
const DAY = formats({ dateStyle: "medium", timeZone: "Europe/Amsterdam" });

export function formatValidity(start: Date | string | null, end: Date | string | null, t: RegistryT, locale: Locale): string {
  if (!start && !end) return t("open_ended");
  if (start && !end) return t("from", { date: formatInstant(start, locale, false) });
  if (!start && end) return t("until", { date: formatInstant(end, locale, false) });
  return t("between", { from: formatInstant(start, locale, false), until: formatInstant(end, locale, false) });
}

const DAYS = new Set(["1", "2", "3", "4", "5", "6", "7"]);

export function formatWindow(w: MaintenanceWindow, t: RegistryT, locale: Locale): string {
  const text =
    w.kind === "weekly"
      ? t("window_weekly", { day: DAYS.has(String(w.day)) ? t(`days.${w.day}`) : String(w.day), start: w.start, end: w.end })
      : t("window_once", { start: formatInstant(w.start, locale), end: formatInstant(w.end, locale) });
  return w.note ? `${text} (${w.note})` : text;
}
