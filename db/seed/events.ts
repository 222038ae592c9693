/**
 * Demo events (issue 18 §3), so the pages are not empty on a fresh demo: an information session
 * that is full with one person on the waiting list, a working group with a member and a document,
 * and a webinar for security officers. Dates count from the day of seeding (Amsterdam). Written
 * once, as plain rows (no notifications: nobody is told about demo data): nothing is added when
 * there are events already.
 */
import { createHash } from "node:crypto";
import { count } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { eventDocuments, eventRegistrations, events } from "@/db/schema";
import { addDays, toAmsterdamDate } from "@/lib/domain/dates";
import { onePagePdf } from "@/lib/pdf/one-page";
import { parseInstant } from "@/lib/validation/endpoints";

/** The title of the demo's information session for everyone (the e2e specs look it up by this title). */
export const DEMO_EVENT_TITLE = "Informatiesessie: aansluiten op Mitz";
/** The title of the demo's working group (with a document). */
export const DEMO_WORKING_GROUP_TITLE = "Werkgroep beeldbeschikbaarheid";

type Person = { userId: string; institutionId: string | null };

export async function seedDemoEvents(tx: Tx, opts: { now: Date; adminId: string; editor: Person | null; otherEditor: Person | null; ciso: Person | null; vendor: Person | null }) {
  const [{ n }] = await tx.select({ n: count() }).from(events);
  if (Number(n) > 0) return 0;
  const today = toAmsterdamDate(opts.now);
  const at = (days: number, time: string) => parseInstant(`${addDays(today, days)}T${time}`)!;
  const base = { createdBy: opts.adminId, createdAt: opts.now, updatedAt: opts.now };
  const [session, group] = await tx
    .insert(events)
    .values([
      {
        ...base,
        kind: "info_session",
        title: DEMO_EVENT_TITLE,
        description: "Hoe sluit uw instelling aan op Mitz, en wat meldt u daarna in het portaal? Met ruimte voor vragen.",
        startsAt: at(14, "14:00"),
        endsAt: at(14, "15:30"),
        location: "Jaarbeurs, Utrecht",
        capacity: 2,
        audience: { roles: [] },
      },
      {
        ...base,
        kind: "working_group",
        title: DEMO_WORKING_GROUP_TITLE,
        description: "Instellingen en leveranciers werken samen aan afspraken over de beschikbaarheid van beelden.",
        startsAt: at(21, "10:00"),
        endsAt: at(21, "12:00"),
        link: "https://vergadering.duo-demo.test/werkgroep-beeldbeschikbaarheid",
        audience: { roles: [] },
      },
      {
        ...base,
        kind: "webinar",
        title: "Webinar: certificaten op tijd vervangen",
        description: "Hoe vervangt u het certificaat van uw gateway zonder onderbreking?",
        startsAt: at(30, "16:00"),
        endsAt: at(30, "17:00"),
        link: "https://webinar.duo-demo.test/certificaten",
        audience: { roles: ["security_officer"] },
      },
    ])
    .returning({ id: events.id });
  const minutes = (m: number) => new Date(opts.now.getTime() - (60 - m) * 60_000);
  const registrations = [
    // The information session is full: two seats taken, one person waiting.
    opts.otherEditor && { eventId: session.id, ...opts.otherEditor, status: "registered", queuedAt: minutes(1) },
    opts.ciso && { eventId: session.id, ...opts.ciso, status: "registered", queuedAt: minutes(2) },
    opts.vendor && { eventId: session.id, ...opts.vendor, status: "waiting", queuedAt: minutes(3) },
    // The working group's member.
    opts.editor && { eventId: group.id, ...opts.editor, status: "registered", queuedAt: minutes(4) },
  ].filter((r): r is NonNullable<typeof r> => Boolean(r));
  if (registrations.length) await tx.insert(eventRegistrations).values(registrations);
  // A one-page PDF: what the working group's agenda looks like in the demo.
  const pdf = onePagePdf("Agenda eerste bijeenkomst werkgroep beeldbeschikbaarheid", { fontSize: 12, y: 720 });
  await tx.insert(eventDocuments).values({
    eventId: group.id,
    title: "Agenda eerste bijeenkomst",
    filename: "agenda-werkgroep.pdf",
    contentType: "application/pdf",
    sizeBytes: pdf.byteLength,
    sha256: createHash("sha256").update(pdf).digest("hex"),
    data: pdf,
    uploadedBy: opts.adminId,
    uploadedAt: opts.now,
  });
  return 3;
}
