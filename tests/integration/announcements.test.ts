/**
 * Announcements (issue 18 §2) and the notification centre's reading side (§1) on a fresh
 * database: the audience resolved from memberships and institution facts (AND of the filters),
 * publishing (recipients fixed at that moment, notify() per preference, audit event in the same
 * transaction), opening through the notification or the home page, and the opened count.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { announcementRecipients, auditEvents, institutionReadiness, memberships, notificationDeliveries, notifications, users } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import { audienceUserIds, getAnnouncement, listAnnouncements, unreadAnnouncements } from "@/lib/announcements/queries";
import { markAnnouncementRead, publishAnnouncement } from "@/lib/announcements/service";
import { AppError } from "@/lib/errors";
import { createInstitution } from "@/lib/institutions/service";
import { loadPreferences, unreadCount } from "@/lib/notifications/queries";
import { openNotification, updatePreferences } from "@/lib/notifications/service";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
const T0 = new Date("2026-11-20T09:00:00Z");
const at = (m: number) => new Date(T0.getTime() + m * 60_000);
const NAMES = ["edA1", "cisoA1", "edA2", "edE1", "vendorAlpha", "admin"] as const;
const ids = {} as Record<(typeof NAMES)[number], string>;
const actor = (k: (typeof NAMES)[number]): AuditActor => ({ userId: ids[k], label: k });
const ALPHA_NOT_ON_MITZ = { roles: ["institution_editor", "security_officer"], vendor: "alphatron", kind: "", province: "", phase: "", unmet: "mitz_connected" };
let announcementId = "";
let alphaHospital = "";

before(async () => {
  t = await createTestDb();
  const made = await t.db
    .insert(users)
    .values(NAMES.map((n) => ({ email: `${n.toLowerCase()}@ann.example`, name: n, locale: "nl" })))
    .returning({ id: users.id, email: users.email });
  for (const u of made) ids[NAMES.find((n) => `${n.toLowerCase()}@ann.example` === u.email)!] = u.id;
  const inst = async (name: string, ura: string, vendor: "alphatron" | "enovation", kind: "hospital" | "clinic", province: "NL-UT" | "NL-NH") =>
    (await createInstitution(t.db, { actor: actor("admin"), now: T0, data: { name, kind, ura, agb: null, kvk: null, city: "Utrecht", province, vendor, groupName: null, contacts: [] } })).id;
  const a1 = (alphaHospital = await inst("Alpha Ziekenhuis", "91888001", "alphatron", "hospital", "NL-UT"));
  const a2 = await inst("Alpha Kliniek", "91888002", "alphatron", "clinic", "NL-NH");
  const e1 = await inst("Eno Ziekenhuis", "91888003", "enovation", "hospital", "NL-UT");
  // Alpha Kliniek is connected to Mitz already (the readiness row is what the step services keep up to date).
  await t.db.update(institutionReadiness).set({ mitzConnectedMet: true }).where(eq(institutionReadiness.institutionId, a2));
  await t.db.insert(memberships).values([
    { userId: ids.edA1, role: "institution_editor", institutionId: a1 },
    { userId: ids.cisoA1, role: "security_officer", institutionId: a1 },
    { userId: ids.edA2, role: "institution_editor", institutionId: a2 },
    { userId: ids.edE1, role: "institution_editor", institutionId: e1 },
    { userId: ids.vendorAlpha, role: "vendor_editor", vendorCode: "alphatron" },
    { userId: ids.admin, role: "programme_admin" },
  ]);
});
after(async () => {
  await t?.dispose();
});

describe("audience", () => {
  test("filters combine with AND over memberships and institution facts", async () => {
    const sorted = (xs: string[]) => [...xs].sort();
    assert.deepEqual(await audienceUserIds(t.db, { roles: ["institution_editor", "security_officer"], vendor: "alphatron", unmet: "mitz_connected" }), sorted([ids.edA1, ids.cisoA1]));
    assert.deepEqual(await audienceUserIds(t.db, { roles: ["institution_editor", "vendor_editor"], vendor: "alphatron" }), sorted([ids.edA1, ids.edA2, ids.vendorAlpha]));
    assert.deepEqual(await audienceUserIds(t.db, { roles: ["institution_editor"], kind: "hospital", province: "NL-UT" }), sorted([ids.edA1, ids.edE1]));
    assert.deepEqual(await audienceUserIds(t.db, { roles: ["programme_admin"] }), [ids.admin]);
    assert.deepEqual(await audienceUserIds(t.db, { roles: ["programme_admin"], vendor: "alphatron" }), []);
  });
});

describe("publish", () => {
  test("recipients are fixed at publish time, notified per preference, audited in the same transaction", async () => {
    await updatePreferences(t.db, { actor: actor("cisoA1"), userId: ids.cisoA1, modes: { announcement: "off" }, digestHour: 8, now: at(1) });
    assert.deepEqual(await loadPreferences(t.db, ids.cisoA1), { modes: { announcement: "off" }, digestHour: 8 });
    const [prefAudit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "notification.preferences_update"), eq(auditEvents.entityId, ids.cisoA1)));
    assert.ok(prefAudit, "the preference change is audited");

    const row = await publishAnnouncement(t.db, { actor: actor("admin"), input: { ...ALPHA_NOT_ON_MITZ, title: "Mitz-webinar", body: "Meld u aan voor het webinar." }, now: at(2) });
    announcementId = row.id;
    assert.equal(row.recipientCount, 2);
    assert.deepEqual(row.audience, { roles: ["institution_editor", "security_officer"], vendor: "alphatron", unmet: "mitz_connected" }, "empty filters are not stored");
    const recipients = await t.db.select().from(announcementRecipients).where(eq(announcementRecipients.announcementId, row.id));
    assert.deepEqual(recipients.map((r) => r.userId).sort(), [ids.edA1, ids.cisoA1].sort());

    const notes = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, `announcement:${row.id}`));
    assert.deepEqual(Object.fromEntries(notes.map((n) => [n.userId, n.mail])), { [ids.edA1]: "immediate", [ids.cisoA1]: "none" });
    assert.equal(notes[0].link, `/announcements/${row.id}`);
    const mails = await t.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.eventKey, `notification:${notes.find((n) => n.userId === ids.edA1)!.id}`));
    assert.equal(mails.length, 1);
    assert.equal(mails[0].target, "eda1@ann.example");
    assert.match(String(mails[0].payload.text), /Mitz-webinar/);

    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "announcement.publish"), eq(auditEvents.entityId, row.id)));
    assert.deepEqual((audit.after as { recipients: number }).recipients, 2);

    // Someone who joins the audience later does not receive it.
    await t.db.insert(memberships).values({ userId: ids.edE1, role: "security_officer", institutionId: alphaHospital });
    assert.ok((await audienceUserIds(t.db, row.audience)).includes(ids.edE1), "now in the audience");
    assert.equal((await t.db.select().from(announcementRecipients).where(eq(announcementRecipients.announcementId, row.id))).length, 2);
    assert.deepEqual(await unreadAnnouncements(t.db, ids.edE1), []);
  });

  test("an audience that reaches nobody is refused and nothing is written", async () => {
    const before = (await listAnnouncements(t.db, { page: 1 })).total;
    await assert.rejects(
      publishAnnouncement(t.db, { actor: actor("admin"), input: { roles: ["vendor_editor"], vendor: "founda", kind: "", province: "", phase: "", unmet: "", title: "Niemand", body: "Voor niemand." }, now: at(3) }),
      (e: unknown) => e instanceof AppError && e.code === "validation",
    );
    assert.equal((await listAnnouncements(t.db, { page: 1 })).total, before);
  });

  test("bad input is refused with the field's message key", async () => {
    await assert.rejects(publishAnnouncement(t.db, { actor: actor("admin"), input: { ...ALPHA_NOT_ON_MITZ, roles: [], title: "x", body: "" }, now: at(3) }), /announcements\.v\.(roles|title|body)/);
  });
});

describe("opened", () => {
  test("opening the notification or marking it read on the home page counts as opened; only recipients can", async () => {
    assert.equal((await getAnnouncement(t.db, announcementId))!.opened, 0);
    assert.deepEqual((await unreadAnnouncements(t.db, ids.edA1)).map((a) => a.title), ["Mitz-webinar"]);

    const [note] = await t.db.select().from(notifications).where(and(eq(notifications.userId, ids.edA1), eq(notifications.dedupeKey, `announcement:${announcementId}`)));
    assert.equal(await openNotification(t.db, { userId: ids.cisoA1, id: note.id, now: at(4) }), null, "another user's notification is not found");
    assert.equal(await unreadCount(t.db, ids.edA1), 1);
    assert.equal(await openNotification(t.db, { userId: ids.edA1, id: note.id, now: at(4) }), `/announcements/${announcementId}`);
    assert.equal(await unreadCount(t.db, ids.edA1), 0);
    assert.deepEqual(await unreadAnnouncements(t.db, ids.edA1), []);
    assert.equal((await getAnnouncement(t.db, announcementId))!.opened, 1);
    // Opening again keeps the first read time.
    await openNotification(t.db, { userId: ids.edA1, id: note.id, now: at(9) });
    const [again] = await t.db.select().from(notifications).where(eq(notifications.id, note.id));
    assert.equal(again.readAt?.toISOString(), at(4).toISOString());

    assert.equal(await markAnnouncementRead(t.db, { userId: ids.edE1, id: announcementId, now: at(5) }), false, "not a recipient");
    assert.equal(await markAnnouncementRead(t.db, { userId: ids.cisoA1, id: announcementId, now: at(5) }), true);
    assert.equal(await unreadCount(t.db, ids.cisoA1), 0, "its notification is read with it");
    const list = await listAnnouncements(t.db, { page: 1 });
    const mine = list.rows.find((r) => r.id === announcementId)!;
    assert.equal(mine.opened, 2);
    assert.equal(mine.recipientCount, 2);
    assert.equal(mine.publishedBy, "admin");
  });
});
