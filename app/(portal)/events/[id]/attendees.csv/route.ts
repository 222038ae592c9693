import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { attendeesCsv } from "@/lib/events/csv";
import { getEventFor, listAttendees } from "@/lib/events/queries";

/** The attendee list of an event as CSV (Dutch, formula-safe), for the organiser: seats first, then the waiting list in order. */
export const GET = withRoute<{ id: string }>({ permission: "events.manage" }, async ({ actor, params }) => {
  const db = getDb();
  const event = await getEventFor(db, { actor, id: params.id });
  if (!event) throw new AppError("not_found");
  return csvAttachment(attendeesCsv(await listAttendees(db, event.id)), `deelnemers-${toAmsterdamDate(event.startsAt)}.csv`);
});
