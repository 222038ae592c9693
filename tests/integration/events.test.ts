/**
 * Events (issue 18 §3): registration with a waiting list and promotion on cancellation, who sees
 * which event (audience), the .ics file (parsed back with ical.js), the attendee CSV, working
 * group documents, the day-before reminders, and the notifications of it all (a new event to its
 * audience per their preferences, a seat from the waiting list, a cancelled event, the reminder
 * through the outbox, once).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { auditEvents, eventRegistrations, institutions, memberships, notificationDeliveries, notifications, users } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import type { Actor } from "@/lib/auth/policy";
import type { Role } from "@/lib/auth/roles";
import { attendeesCsv } from "@/lib/events/csv";
import { eventIcs } from "@/lib/events/ics";
import { sendEventReminders } from "@/lib/events/reminders";
import { savePreferences } from "@/lib/notifications/service";
import { audienceUserIds, getEventDocument, getEventFor, listAttendees, listEventsFor, remindersDue } from "@/lib/events/queries";
import { addEventDocument, cancelEvent, cancelRegistration, markReminded, registerForEvent, saveEvent } from "@/lib/events/service";
import { eventSchema, type EventInput } from "@/lib/validation/events";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
const actors: Record<string, Actor> = {};
const NOW = new Date("2030-03-01T09:00:00Z");
const demo = (role: string) => actors[DEMO_USERS.find((u) => u.role === role)!.email];
const admin = () => ({ userId: demo("programme_admin").userId, label: demo("programme_admin").email });

let seq = 0;
/** A fresh user with one membership, as the portal's actor. */
async function person(role: Role, institutionId: string | null, vendorCode: string | null = null): Promise<Actor> {
  seq++;
  const email = `events-${seq}@example.test`;
  const [u] = await t.db.insert(users).values({ email, name: `Deelnemer ${seq}` }).returning({ id: users.id });
  await t.db.insert(memberships).values({ userId: u.id, role, institutionId, vendorCode });
  return { userId: u.id, email, name: `Deelnemer ${seq}`, locale: "nl", memberships: [{ role, institutionId, vendorCode }] };
}

const form = (over: Partial<EventInput> = {}): EventInput => ({
  kind: "info_session",
  title: "Informatiesessie Mitz",
  description: "Hoe sluit u aan op Mitz?",
  startsAt: "2030-03-10T14:00",
  endsAt: "2030-03-10T15:30",
  location: "Jaarbeurs, Utrecht",
  link: "",
  capacity: "2",
  roles: [],
  ...over,
});
const create = async (over: Partial<EventInput> = {}) => (await saveEvent(t.db, { actor: admin(), values: eventSchema.parse(form(over)), now: NOW })).id;

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, new Date("2030-01-01T01:00:00Z"));
});
after(async () => {
  await t?.dispose();
});

describe("the event form", () => {
  test("Dutch wall-clock times become instants; place or link is required; the end after the start", () => {
    const v = eventSchema.parse(form());
    assert.equal(v.startsAt.toISOString(), "2030-03-10T13:00:00.000Z"); // CET
    assert.equal(v.capacity, 2);
    assert.deepEqual(v.audience, { roles: [] });
    const noPlace = eventSchema.safeParse(form({ location: "", link: "" }));
    assert.ok(!noPlace.success && noPlace.error.issues.some((i) => i.message === "events.v.place_or_link"));
    const backwards = eventSchema.safeParse(form({ endsAt: "2030-03-10T13:00" }));
    assert.ok(!backwards.success && backwards.error.issues.some((i) => i.message === "events.v.ends_before_start"));
    assert.ok(!eventSchema.safeParse(form({ link: "javascript:alert(1)", location: "" })).success);
    assert.equal(eventSchema.parse(form({ capacity: "" })).capacity, null);
  });
});

describe("registration and the waiting list", () => {
  test("full → waiting list in order; a cancellation promotes the first in line; audited", async () => {
    const eventId = await create();
    const [a, b, c, d] = [await person("institution_editor", ids.home), await person("institution_editor", ids.other), await person("security_officer", ids.home), await person("institution_editor", ids.founda)];
    assert.equal((await registerForEvent(t.db, { actor: a, eventId, now: NOW })).status, "registered");
    assert.equal((await registerForEvent(t.db, { actor: b, eventId, now: new Date(NOW.getTime() + 1000) })).status, "registered");
    assert.equal((await registerForEvent(t.db, { actor: c, eventId, now: new Date(NOW.getTime() + 2000) })).status, "waiting");
    assert.equal((await registerForEvent(t.db, { actor: d, eventId, now: new Date(NOW.getTime() + 3000) })).status, "waiting");
    await rejectsWithCode(registerForEvent(t.db, { actor: a, eventId, now: NOW }), "conflict", "events.errors.already_registered");

    const seenByD = await getEventFor(t.db, { actor: d, id: eventId });
    assert.equal(seenByD?.myStatus, "waiting");
    assert.equal(seenByD?.myPlace, 2);
    assert.equal(seenByD?.registered, 2);
    assert.equal(seenByD?.waiting, 2);

    // A waiting person leaving frees no seat and promotes nobody.
    assert.deepEqual((await cancelRegistration(t.db, { actor: d, eventId, now: NOW })).promoted, []);
    // A seat holder leaving gives the seat to the first in line.
    const out = await cancelRegistration(t.db, { actor: a, eventId, now: NOW });
    assert.deepEqual(out.promoted, [c.userId]);
    const [row] = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.userId, c.userId));
    assert.equal(row.status, "registered");
    assert.ok(row.promotedAt);
    // Registering again after a cancellation queues at the back.
    assert.equal((await registerForEvent(t.db, { actor: d, eventId, now: new Date(NOW.getTime() + 5000) })).status, "waiting");
    await rejectsWithCode(cancelRegistration(t.db, { actor: a, eventId, now: NOW }), "not_found");

    const list = await listAttendees(t.db, eventId);
    assert.deepEqual(list.map((r) => r.status), ["registered", "registered", "waiting", "cancelled"]);
    const csv = attendeesCsv(list);
    assert.ok(csv.startsWith("\uFEFFnaam;e-mail;instelling;status;plaats_wachtlijst"));
    assert.match(csv, /;wachtlijst;1;/);
    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityType, "event_registration"));
    assert.ok(audits.filter((x) => x.action === "event.register").length >= 5);
    assert.ok(audits.some((x) => x.action === "event.registration_cancel"));
  });

  test("a larger capacity moves people up; no capacity means no waiting list", async () => {
    const eventId = await create({ capacity: "1" });
    const [a, b] = [await person("institution_editor", ids.home), await person("institution_editor", ids.other)];
    await registerForEvent(t.db, { actor: a, eventId, now: NOW });
    assert.equal((await registerForEvent(t.db, { actor: b, eventId, now: NOW })).status, "waiting");
    const saved = await saveEvent(t.db, { actor: admin(), values: eventSchema.parse(form({ id: eventId, capacity: "" })), now: NOW });
    assert.deepEqual(saved.promoted, [b.userId]);
  });

  test("no registration after the start or for a cancelled event; programme roles do not register", async () => {
    const eventId = await create();
    const a = await person("institution_editor", ids.home);
    await rejectsWithCode(registerForEvent(t.db, { actor: a, eventId, now: new Date("2030-03-10T13:30:00Z") }), "conflict", "events.errors.closed");
    await rejectsWithCode(registerForEvent(t.db, { actor: demo("programme_admin"), eventId, now: NOW }), "forbidden");
    const b = await person("institution_editor", ids.home);
    await registerForEvent(t.db, { actor: b, eventId, now: NOW });
    const cancelled = await cancelEvent(t.db, { actor: admin(), eventId, now: NOW });
    assert.deepEqual(cancelled.userIds, [b.userId]);
    await rejectsWithCode(registerForEvent(t.db, { actor: a, eventId, now: NOW }), "conflict", "events.errors.closed");
  });
});

describe("audience", () => {
  test("an event for Founda's hospitals: seen by those, not by others; the programme sees all", async () => {
    const [founda] = await t.db.select().from(institutions).where(eq(institutions.id, ids.founda));
    const eventId = await create({ vendor: "founda", institutionKind: founda.kind, roles: ["institution_editor"] });
    const inAudience = await person("institution_editor", ids.founda);
    const ciso = await person("security_officer", ids.founda);
    const elsewhere = demo("institution_editor"); // Enovation institution
    const vendor = demo("vendor_editor");
    assert.ok(await getEventFor(t.db, { actor: inAudience, id: eventId }));
    assert.equal(await getEventFor(t.db, { actor: ciso, id: eventId }), null, "the role is not in the audience");
    assert.equal(await getEventFor(t.db, { actor: elsewhere, id: eventId }), null);
    assert.equal(await getEventFor(t.db, { actor: vendor, id: eventId }), null);
    assert.ok(await getEventFor(t.db, { actor: demo("programme_viewer"), id: eventId }));
    await rejectsWithCode(registerForEvent(t.db, { actor: elsewhere, eventId, now: NOW }), "not_found");
    const listed = await listEventsFor(t.db, { actor: elsewhere, now: NOW });
    assert.ok(!listed.some((e) => e.id === eventId));
    assert.ok((await listEventsFor(t.db, { actor: inAudience, now: NOW })).some((e) => e.id === eventId));

    const recipients = await audienceUserIds(t.db, { roles: ["institution_editor"], vendor: "founda", kind: founda.kind });
    assert.ok(recipients.includes(inAudience.userId));
    assert.ok(!recipients.includes(ciso.userId) && !recipients.includes(elsewhere.userId) && !recipients.includes(vendor.userId));
    // Everyone: every active user with a membership, the vendor editor and the programme included.
    const everyone = await audienceUserIds(t.db, { roles: [] });
    for (const a of [inAudience, ciso, elsewhere, vendor, demo("programme_admin")]) assert.ok(everyone.includes(a.userId));
    const vendorsOnly = await audienceUserIds(t.db, { roles: ["vendor_editor"], vendor: "enovation" });
    assert.deepEqual(vendorsOnly, [vendor.userId]);
  });
});

describe("calendar file", () => {
  test("RFC 5545: parses back with the same times, a stable UID, the version as SEQUENCE and folded lines", async () => {
    const long = "Een lange beschrijving; met komma's, puntkomma's en een backslash \\ ".repeat(4);
    const eventId = await create({ description: long, link: "https://webinar.example/duo?x=1" });
    const e = (await getEventFor(t.db, { actor: demo("programme_admin"), id: eventId }))!;
    const text = eventIcs(e, { pageUrl: `https://portal.example/events/${eventId}`, host: "portal.example" });
    assert.ok(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75), "lines folded at 75 octets");
    const comp = new ICAL.Component(ICAL.parse(text));
    const vevent = comp.getFirstSubcomponent("vevent")!;
    const ev = new ICAL.Event(vevent);
    assert.equal(ev.uid, `event-${eventId}@portal.example`);
    assert.equal(ev.startDate.toJSDate().toISOString(), "2030-03-10T13:00:00.000Z");
    assert.equal(ev.endDate.toJSDate().toISOString(), "2030-03-10T14:30:00.000Z");
    assert.equal(ev.summary, "Informatiesessie Mitz");
    assert.equal(ev.location, "Jaarbeurs, Utrecht");
    assert.ok(ev.description.includes(long.trim()));
    assert.equal(vevent.getFirstPropertyValue("sequence"), 1);
    assert.equal(vevent.getFirstPropertyValue("status"), "CONFIRMED");
    await cancelEvent(t.db, { actor: admin(), eventId, now: NOW });
    const again = (await getEventFor(t.db, { actor: demo("programme_admin"), id: eventId }))!;
    const cancelled = new ICAL.Component(ICAL.parse(eventIcs(again, { pageUrl: "https://portal.example/x", host: "portal.example" }))).getFirstSubcomponent("vevent")!;
    assert.equal(cancelled.getFirstPropertyValue("status"), "CANCELLED");
    assert.equal(cancelled.getFirstPropertyValue("sequence"), 2);
  });
});

describe("working groups", () => {
  test("members and documents; a document is checked by its bytes", async () => {
    const eventId = await create({ kind: "working_group", capacity: "", title: "Werkgroep beeldbeschikbaarheid" });
    const a = await person("institution_editor", ids.home);
    await registerForEvent(t.db, { actor: a, eventId, now: NOW });
    const pdf = new TextEncoder().encode("%PDF-1.4\n% minutes\n");
    const doc = await addEventDocument(t.db, { actor: admin(), eventId, title: "Verslag 1", file: { filename: "verslag.pdf", bytes: pdf }, now: NOW });
    await rejectsWithCode(addEventDocument(t.db, { actor: admin(), eventId, title: "Virus", file: { filename: "x.pdf", bytes: new TextEncoder().encode("MZ not a pdf") }, now: NOW }), "validation");
    const info = await create();
    await rejectsWithCode(addEventDocument(t.db, { actor: admin(), eventId: info, title: "x", file: { filename: "verslag.pdf", bytes: pdf }, now: NOW }), "conflict");
    const e = (await getEventFor(t.db, { actor: a, id: eventId }))!;
    assert.deepEqual(e.members.map((m) => m.name), [a.name]);
    assert.deepEqual(e.documents.map((d) => d.title), ["Verslag 1"]);
    const file = await getEventDocument(t.db, { eventId, documentId: doc.id });
    assert.equal(file?.contentType, "application/pdf");
    assert.equal(await getEventDocument(t.db, { eventId: info, documentId: doc.id }), null);
  });
});

describe("reminders", () => {
  test("due on the Amsterdam day before, for seats only, once", async () => {
    const eventId = await create({ startsAt: "2030-04-02T00:30", endsAt: "2030-04-02T01:30", capacity: "1" });
    const [a, b] = [await person("institution_editor", ids.home), await person("institution_editor", ids.other)];
    await registerForEvent(t.db, { actor: a, eventId, now: NOW });
    await registerForEvent(t.db, { actor: b, eventId, now: NOW });
    // 00:30 in Amsterdam on 2 April is 22:30 UTC on 1 April: the event's date is still 2 April.
    const due = (await remindersDue(t.db, { eventDate: "2030-04-02" })).filter((r) => r.eventId === eventId);
    assert.deepEqual(due.map((r) => r.userId), [a.userId]);
    assert.equal((await remindersDue(t.db, { eventDate: "2030-04-01" })).filter((r) => r.eventId === eventId).length, 0);
    assert.equal(await markReminded(t.db, { registrationId: due[0].registrationId, now: NOW }), true);
    assert.equal(await markReminded(t.db, { registrationId: due[0].registrationId, now: NOW }), false);
    assert.equal((await remindersDue(t.db, { eventDate: "2030-04-02" })).filter((r) => r.eventId === eventId).length, 0);
  });
});

describe("notifications", () => {
  const of = (userId: string, kind: string) => t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
  const mailsTo = (email: string) => t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.target, email));

  test("a new event notifies its audience, the mail per preference; not the organiser, not outside the audience", async () => {
    const [inAudience, quiet, outside] = [await person("institution_editor", ids.home), await person("institution_editor", ids.other), await person("security_officer", ids.home)];
    await t.db.transaction((tx) => savePreferences(tx, { userId: quiet.userId, modes: { event_new: "off" }, digestHour: 7, now: NOW }));
    const eventId = await create({ roles: ["institution_editor"], title: "Webinar voor projectleiders" });
    const [n] = await of(inAudience.userId, "event_new");
    assert.equal(n.link, `/events/${eventId}`);
    assert.deepEqual({ title: n.params.title, date: n.params.date, time: n.params.time }, { title: "Webinar voor projectleiders", date: "2030-03-10", time: "14:00" });
    assert.equal(n.mail, "immediate");
    assert.equal((await mailsTo(inAudience.email)).length, 1);
    const [q] = await of(quiet.userId, "event_new");
    assert.equal(q.mail, "none", "off: in the bell only");
    assert.equal((await mailsTo(quiet.email)).length, 0);
    assert.equal((await of(outside.userId, "event_new")).length, 0);
    assert.equal((await of(demo("programme_admin").userId, "event_new")).filter((x) => x.link === `/events/${eventId}`).length, 0, "the organiser");
  });

  test("a cancellation promotes and tells the promoted person; a cancelled event tells everyone still on it", async () => {
    const eventId = await create({ capacity: "1" });
    const [a, b, c] = [await person("institution_editor", ids.home), await person("institution_editor", ids.other), await person("institution_editor", ids.home)];
    await registerForEvent(t.db, { actor: a, eventId, now: NOW });
    await registerForEvent(t.db, { actor: b, eventId, now: new Date(NOW.getTime() + 1000) });
    await registerForEvent(t.db, { actor: c, eventId, now: new Date(NOW.getTime() + 2000) });
    await cancelRegistration(t.db, { actor: a, eventId, now: NOW });
    const promoted = await of(b.userId, "event_registration");
    assert.deepEqual(promoted.map((x) => x.params.what), ["promoted"]);
    assert.equal(promoted[0].link, `/events/${eventId}`);
    assert.equal((await of(c.userId, "event_registration")).length, 0, "still waiting: nothing to tell");
    await cancelEvent(t.db, { actor: admin(), eventId, now: NOW });
    assert.deepEqual((await of(b.userId, "event_registration")).map((x) => x.params.what).sort(), ["cancelled", "promoted"]);
    assert.deepEqual((await of(c.userId, "event_registration")).map((x) => x.params.what), ["cancelled"]);
    assert.equal((await of(a.userId, "event_registration")).length, 0, "who left hears nothing");
  });

  test("the day-before reminder goes to the outbox once, on the Amsterdam day before", async () => {
    const eventId = await create({ startsAt: "2030-05-07T10:00", endsAt: "2030-05-07T11:00", capacity: "" });
    const a = await person("institution_editor", ids.home);
    await registerForEvent(t.db, { actor: a, eventId, now: NOW });
    assert.equal(await sendEventReminders(t.db, { now: new Date("2030-05-05T12:00:00Z") }), 0, "two days before");
    // 23:30 UTC on 5 May is 01:30 on 6 May in Amsterdam: the day before.
    assert.equal(await sendEventReminders(t.db, { now: new Date("2030-05-05T23:30:00Z") }), 1);
    assert.equal(await sendEventReminders(t.db, { now: new Date("2030-05-06T08:00:00Z") }), 0, "once");
    const [r] = await of(a.userId, "event_registration");
    assert.equal(r.params.what, "reminder");
    const mails = (await mailsTo(a.email)).filter((m) => (m.payload as { kind?: string }).kind === "event_registration");
    assert.equal(mails.length, 1);
    assert.match(String((mails[0].payload as { text: string }).text), /Herinnering: morgen, 7 mei 2030 om 10:00/);
  });
});
