/**
 * The calendar file of an event (RFC 5545), written by the `ics` library (line folding at 75
 * octets, escaping of , ; \ and newlines). UID is stable per event, SEQUENCE is the event's
 * version, so a calendar that imported it before takes a change or a cancellation as an update.
 * Times in UTC (no VTIMEZONE needed). Pure.
 */
import { createEvent } from "ics";
import type { Event } from "@/db/schema";

export function eventIcs(event: Pick<Event, "id" | "title" | "description" | "startsAt" | "endsAt" | "location" | "link" | "version" | "cancelledAt" | "updatedAt">, opts: { pageUrl: string; host: string }): string {
  const description = [event.description, event.link ? `\n${event.link}` : null, `\n${opts.pageUrl}`].filter(Boolean).join("\n");
  const { error, value } = createEvent({
    productId: "duo-onboarding-portal",
    uid: `event-${event.id}@${opts.host}`,
    sequence: event.version,
    method: "PUBLISH",
    start: event.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: event.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: event.title,
    description,
    location: event.location ?? event.link ?? undefined,
    url: event.link ?? opts.pageUrl,
    status: event.cancelledAt ? "CANCELLED" : "CONFIRMED",
    lastModified: event.updatedAt.getTime(),
  });
  if (error || !value) throw error ?? new Error("ics: no output");
  return value;
}
