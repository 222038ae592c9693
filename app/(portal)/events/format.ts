/** How the event pages show an event's time, place and seats (server-side, in the page's language). */
import { formatInstant, toAmsterdamDate } from "@/lib/domain/dates";
import type { Locale } from "@/lib/i18n/messages";

type Event = { startsAt: Date; endsAt: Date; location: string | null; link: string | null };
type T = (key: string, values?: Record<string, string | number>) => string;

/** "10 mrt 2030, 14:00 tot 15:30" (same day), else both instants in full. */
export function timeRange(e: Pick<Event, "startsAt" | "endsAt">, locale: Locale, t: T): string {
  const start = formatInstant(e.startsAt, locale);
  const sameDay = toAmsterdamDate(e.startsAt) === toAmsterdamDate(e.endsAt);
  const endFull = formatInstant(e.endsAt, locale);
  const end = sameDay ? endFull.slice(endFull.lastIndexOf(" ") + 1) : endFull;
  return t("time_range", { start, end });
}

/** Place, link, or both ("Online" for a link only). */
export function whereText(e: Pick<Event, "location" | "link">, t: T): string {
  return e.location ? (e.link ? `${e.location} · ${t("online")}` : e.location) : t("online");
}

/** "1 van 2 bezet" or "3 aangemeld". */
export function seatsText(e: { capacity: number | null; registered: number }, t: T): string {
  return e.capacity === null ? t("seats_unlimited", { taken: e.registered }) : t("seats", { taken: e.registered, capacity: e.capacity });
}
