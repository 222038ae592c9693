import { getDb } from "@/db/client";
import { attachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { eventIcs } from "@/lib/events/ics";
import { getEventFor } from "@/lib/events/queries";

/** The event's calendar file (RFC 5545), for everyone who may see the event; a cancelled one says CANCELLED. */
export const GET = withRoute<{ id: string }>({ permission: "events.view" }, async ({ actor, params }) => {
  const event = await getEventFor(getDb(), { actor, id: params.id });
  if (!event) throw new AppError("not_found");
  const base = env().APP_URL.replace(/\/$/, "");
  const ics = eventIcs(event, { pageUrl: `${base}/events/${event.id}`, host: new URL(base).host });
  return attachment(ics, { contentType: "text/calendar; charset=utf-8", filename: `bijeenkomst-${toAmsterdamDate(event.startsAt)}.ics` });
});
