/**
 * The day-before reminders of events (issue 18 §3): every registration with a seat for an event
 * that starts tomorrow (Amsterdam) gets one "event_registration" notification (reminder), which
 * goes out by mail through the notification outbox per the person's preference. Run by the
 * pg-boss job EVENT_REMINDER_QUEUE (lib/checker/service.ts); one transaction per registration,
 * and markReminded plus the notification's dedupe key make a second run (or worker) a no-op.
 */
import type { Db } from "@/db/client";
import { addDays, toAmsterdamDate } from "@/lib/domain/dates";
import { notifyEventRegistration } from "@/lib/notifications/events";
import { remindersDue } from "./queries";
import { markReminded } from "./service";

/** Sends the reminders due on the Amsterdam day of `now`; returns how many were handed over. */
export async function sendEventReminders(db: Db, opts: { now: Date }): Promise<number> {
  const tomorrow = addDays(toAmsterdamDate(opts.now), 1);
  const due = await remindersDue(db, { eventDate: tomorrow });
  let sent = 0;
  for (const r of due) {
    const handed = await db.transaction(async (tx) => {
      if (!(await markReminded(tx, { registrationId: r.registrationId, now: opts.now }))) return false;
      await notifyEventRegistration(tx, { what: "reminder", eventId: r.eventId, title: r.title, startsAt: r.startsAt, userIds: [r.userId], key: r.registrationId, now: opts.now });
      return true;
    });
    if (handed) sent++;
  }
  return sent;
}
