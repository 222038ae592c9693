import { formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { formatDateTime } from "@/lib/domain/intl";
import type { Locale } from "@/lib/i18n/messages";

export function fmtDay(at: Date | string | null | undefined, locale: Locale): string {
  if (!at) return "—";
  const iso = typeof at === "string" ? at.slice(0, 10) : toAmsterdamDate(at);
  return formatDate(iso)[locale];
}

export function fmtDateTime(at: Date | null | undefined, locale: Locale): string {
  if (!at) return "—";
  return formatDateTime(at, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
}
