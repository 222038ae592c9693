/** Display helpers for the registry pages (Dutch time, both languages). Pure. */
import type { MaintenanceWindow } from "@/db/schema/endpoints";
import { format, type Locale, type Messages } from "@/lib/i18n/messages";

export function formatInstant(d: Date | string | null | undefined, locale: Locale, withTime = true): string {
  if (!d) return "—";
  const date = typeof d === "string" ? new Date(d) : d;
  return date.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: "Europe/Amsterdam",
  });
}

export function formatValidity(start: Date | string | null, end: Date | string | null, t: Messages["registry"], locale: Locale): string {
  if (!start && !end) return t.open_ended;
  if (start && !end) return format(t.from, { date: formatInstant(start, locale, false) });
  if (!start && end) return format(t.until, { date: formatInstant(end, locale, false) });
  return format(t.between, { from: formatInstant(start, locale, false), until: formatInstant(end, locale, false) });
}

export function formatWindow(w: MaintenanceWindow, t: Messages["registry"], locale: Locale): string {
  const text =
    w.kind === "weekly"
      ? format(t.window_weekly, { day: t.days[String(w.day) as keyof typeof t.days] ?? String(w.day), start: w.start, end: w.end })
      : format(t.window_once, { start: formatInstant(w.start, locale), end: formatInstant(w.end, locale) });
  return w.note ? `${text} (${w.note})` : text;
}
