/**
 * The notification centre (issue 18 §1) on a fresh database: notify() with preferences and
 * dedupe, the events wired into the onboarding and toolkit services, the outbox mails in the
 * recipient's language, the daily digest (waiting reports with their age, grouped kinds, once a
 * day), passed planned dates, and read marks.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { institutionPlans, memberships, notificationDeliveries, notifications, users } from "@/db/schema";
import type { AuditActor } from "@/lib/audit";
import { createInstitution } from "@/lib/institutions/service";
import { rejectStep, saveStepReport, verifyStep } from "@/lib/onboarding/service";
import { createTemplateVersion, publishTemplateVersion } from "@/lib/toolkit/service";
import { deliverDueNotifications } from "@/lib/checker/notify";
import { markRead, notify, queueDueDigests, savePreferences } from "@/lib/notifications/service";
import { notifyPassedPlannedDates } from "@/lib/notifications/events";
import { listNotifications, loadPreferences, unreadCount } from "@/lib/notifications/queries";
import type { Mail } from "@/lib/mail";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { minutes } from "./helpers";

let t: TestDb;
// 2026-11-20 09:00 UTC = 10:00 Amsterdam.
const T0 = new Date("2026-11-20T09:00:00Z");
let tick = 0;
const now = () => minutes(T0, ++tick);
const ids: Record<"editor" | "editor2" | "admin1" | "admin2" | "ciso" | "outsider", string> = {} as never;
const actor = (k: keyof typeof ids): AuditActor => ({ userId: ids[k], label: k });
let inst = "";

async function mailsTo(email: string) {
  return t.db.select().from(notificationDeliveries).where(and(eq(notificationDeliveries.target, email), eq(notificationDeliveries.kind, "notification")));
}
async function notificationsOf(k: keyof typeof ids) {
  return t.db.select().from(notifications).where(eq(notifications.userId, ids[k]));
}
async function report(stepCode: "vendor_chosen" | "mitz_connector_accepted", version: number, at: Date) {
  return saveStepReport(t.db, { actor: actor("editor"), values: { institutionId: inst, stepCode, intent: "submit", completedOn: "2026-06-01", keepEvidence: false, version, note: "Gedaan" }, evidence: null, now: at });
}

before(async () => {
  t = await createTestDb();
  const made = await t.db
    .insert(users)
    .values([
      { email: "editor@test.example", name: "Eva Editor", locale: "nl" },
      { email: "editor2@test.example", name: "Edward Editor", locale: "en" },
      { email: "admin1@test.example", name: "Albert Admin" },
      { email: "admin2@test.example", name: "Bea Beoordelaar" },
      { email: "ciso@test.example", name: "Cees Ciso" },
      { email: "outsider@test.example", name: "Otto Outsider" },
    ])
    .returning({ id: users.id, email: users.email });
  for (const u of made) ids[u.email.split("@")[0] as keyof typeof ids] = u.id;
  const row = await createInstitution(t.db, {
    actor: actor("admin1"),
    now: T0,
    data: { name: "Ziekenhuis Meldingen", kind: "hospital", ura: "91999001", agb: null, kvk: null, city: "Utrecht", province: "NL-UT", vendor: "enovation", groupName: null, contacts: [] },
  });
  inst = row.id;
  const other = await createInstitution(t.db, {
    actor: actor("admin1"),
    now: T0,
    data: { name: "Andere Kliniek", kind: "clinic", ura: "91999002", agb: null, kvk: null, city: "Zwolle", province: "NL-OV", vendor: "founda", groupName: null, contacts: [] },
  });
  await t.db.insert(memberships).values([
    { userId: ids.editor, role: "institution_editor", institutionId: inst },
    { userId: ids.editor2, role: "institution_editor", institutionId: inst },
    { userId: ids.ciso, role: "security_officer", institutionId: inst },
    { userId: ids.outsider, role: "institution_editor", institutionId: other.id },
    { userId: ids.admin1, role: "programme_admin" },
    { userId: ids.admin2, role: "programme_admin" },
  ]);
});
after(async () => {
  await t?.dispose();
});

describe("notify", () => {
  test("one notification per user; the same event twice adds nothing; preferences decide the mail", async () => {
    await t.db.transaction((tx) => savePreferences(tx, { userId: ids.editor2, modes: { announcement: "off" }, digestHour: 7, now: now() }));
    await t.db.transaction((tx) => savePreferences(tx, { userId: ids.ciso, modes: { announcement: "digest" }, digestHour: 7, now: now() }));
    const input = { kind: "announcement" as const, userIds: [ids.editor, ids.editor2, ids.ciso, ids.editor], params: { title: "Nieuws" }, link: "/my-work", dedupeKey: "test:1", now: now() };
    const first = await t.db.transaction((tx) => notify(tx, input));
    assert.deepEqual(first.sort(), [ids.editor, ids.editor2, ids.ciso].sort());
    const again = await t.db.transaction((tx) => notify(tx, input));
    assert.deepEqual(again, []);
    const rows = await t.db.select().from(notifications).where(eq(notifications.dedupeKey, "test:1"));
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.userId, r.mail])), { [ids.editor]: "immediate", [ids.editor2]: "none", [ids.ciso]: "digest" });
    assert.equal((await mailsTo("editor@test.example")).length, 1, "immediate: one mail in the outbox");
    assert.equal((await mailsTo("editor2@test.example")).length, 0, "off: in the bell only");
    assert.equal((await mailsTo("ciso@test.example")).length, 0, "digest: kept for the daily digest");
    assert.deepEqual(await loadPreferences(t.db, ids.ciso), { modes: { announcement: "digest" }, digestHour: 7 });
  });
});

describe("events", () => {
  test("a submitted report reaches the reviewers (digest by default), not the reporter", async () => {
    await report("vendor_chosen", 0, now());
    const a1 = (await notificationsOf("admin1")).filter((n) => n.kind === "report_waiting");
    assert.equal(a1.length, 1);
    assert.equal(a1[0].mail, "digest");
    assert.equal(a1[0].link, `/institutions/${inst}/steps/vendor_chosen`);
    assert.equal((await notificationsOf("editor")).filter((n) => n.kind === "report_waiting").length, 0);
  });

  test("a rejection reaches the reporter and the institution's editors with the reason, in their language; not other institutions", async () => {
    await rejectStep(t.db, { actor: actor("admin1"), item: { institutionId: inst, stepCode: "vendor_chosen", version: 1 }, reason: "Het contract ontbreekt.", now: now() });
    const forEditor = (await notificationsOf("editor")).filter((n) => n.kind === "report_decided");
    assert.equal(forEditor.length, 1);
    assert.deepEqual(forEditor[0].params, { institution: "Ziekenhuis Meldingen", stepCode: "vendor_chosen", decision: "rejected", reason: "Het contract ontbreekt." });
    assert.equal((await notificationsOf("outsider")).length, 0);
    assert.equal((await notificationsOf("admin1")).filter((n) => n.kind === "report_decided").length, 0, "not the reviewer who decided");
    const [nl] = await mailsTo("editor@test.example").then((m) => m.filter((d) => d.payload.kind === "report_decided"));
    assert.match(String(nl.payload.subject), /Ziekenhuis Meldingen/);
    assert.match(String(nl.payload.text), /is afgewezen\. Reden: Het contract ontbreekt\./);
    assert.match(String(nl.payload.text), new RegExp(`/institutions/${inst}/steps/vendor_chosen`));
    assert.match(String(nl.payload.text), /\/account\/notifications/);
    const [en] = await mailsTo("editor2@test.example").then((m) => m.filter((d) => d.payload.kind === "report_decided"));
    assert.match(String(en.payload.text), /was rejected\. Reason: Het contract ontbreekt\./);

    // The outbox sends it as it is.
    const sent: Mail[] = [];
    const out = await deliverDueNotifications(t.db, { now: () => minutes(T0, 100), sendMail: async (m) => void sent.push(m) });
    assert.ok(out.sent >= 2);
    const mail = sent.find((m) => m.to === "editor@test.example" && /afgewezen/.test(m.text));
    assert.ok(mail, "the rejection mail was sent");
  });

  test("a verification reaches the reporter", async () => {
    await report("vendor_chosen", 2, now());
    await verifyStep(t.db, { actor: actor("admin2"), item: { institutionId: inst, stepCode: "vendor_chosen", version: 3 }, now: now() });
    const decided = (await notificationsOf("editor")).filter((n) => n.kind === "report_decided").map((n) => n.params.decision);
    assert.deepEqual(decided.sort(), ["rejected", "verified"]);
  });

  test("a new toolkit version reaches the security officers with its change note", async () => {
    const v = await createTemplateVersion(t.db, { actor: actor("admin1"), documentType: "dpia_guide", versionLabel: "1.0", changeNote: "Eerste versie.", upload: null, now: now() });
    await publishTemplateVersion(t.db, { actor: actor("admin1"), templateId: v.id, now: now() });
    const n = (await notificationsOf("ciso")).filter((x) => x.kind === "toolkit_version");
    assert.equal(n.length, 1);
    assert.deepEqual(n[0].params, { documentType: "dpia_guide", version: "1.0", changeNote: "Eerste versie." });
    assert.equal((await notificationsOf("editor")).filter((x) => x.kind === "toolkit_version").length, 0);
  });

  test("a planned date that passed without the step tells the editors once", async () => {
    await t.db.insert(institutionPlans).values({ institutionId: inst, planKey: "mitz_connected", plannedOn: "2026-11-01", reportedByLabel: "intake" });
    await t.db.insert(institutionPlans).values({ institutionId: inst, planKey: "go_live", plannedOn: "2027-03-01", reportedByLabel: "intake" });
    assert.equal(await notifyPassedPlannedDates(t.db, { now: now() }), 1);
    await notifyPassedPlannedDates(t.db, { now: now() });
    const n = (await notificationsOf("editor")).filter((x) => x.kind === "planned_date_passed");
    assert.equal(n.length, 1);
    assert.deepEqual(n[0].params, { institution: "Ziekenhuis Meldingen", stepCode: "mitz_connected", date: "2026-11-01" });
    assert.equal(n[0].mail, "digest");
  });
});

describe("daily digest", () => {
  test("before the hour nothing; at the hour one mail with the waiting reports (age) and the kept notifications; once a day", async () => {
    await report("mitz_connector_accepted", 0, new Date("2026-11-17T09:00:00Z")); // waited 3 days on 2026-11-20
    await t.db.transaction((tx) => savePreferences(tx, { userId: ids.admin2, modes: {}, digestHour: 11, now: now() }));
    await t.db.transaction((tx) => savePreferences(tx, { userId: ids.editor, modes: {}, digestHour: 11, now: now() }));
    const at10 = new Date("2026-11-20T09:30:00Z"); // 10:30 Amsterdam
    const at11 = new Date("2026-11-20T10:05:00Z"); // 11:05 Amsterdam
    await queueDueDigests(t.db, { now: at10 });
    const digestsTo = async (email: string) => (await mailsTo(email)).filter((d) => d.payload.event === "digest");
    assert.equal((await digestsTo("admin2@test.example")).length, 0, "10:30 < 11:00");
    await queueDueDigests(t.db, { now: at11 });
    const [reviewer] = await digestsTo("admin2@test.example");
    assert.ok(reviewer, "the reviewer's digest is queued at 11:05");
    assert.match(String(reviewer.payload.subject), /dagelijks overzicht/);
    assert.match(String(reviewer.payload.text), /1 melding wacht op verificatie/);
    assert.match(String(reviewer.payload.text), /Ziekenhuis Meldingen: .*, wacht 3 dagen/);
    const [editor] = await digestsTo("editor@test.example");
    assert.match(String(editor.payload.text), /Verstreken geplande datums \(1\)/);
    assert.match(String(editor.payload.text), /1 november 2026/);
    assert.equal((await notificationsOf("editor")).filter((n) => n.mail === "digest" && n.digestedAt === null).length, 0);
    await queueDueDigests(t.db, { now: minutes(at11, 120) });
    assert.equal((await digestsTo("admin2@test.example")).length, 1, "once a day");
  });
});

describe("reading", () => {
  test("unread count, list filters and mark read only touch the caller's own notifications", async () => {
    const before = await unreadCount(t.db, ids.editor);
    assert.ok(before >= 3);
    const list = await listNotifications(t.db, { userId: ids.editor, show: "unread", page: 1 });
    assert.equal(list.total, before);
    await markRead(t.db, { userId: ids.outsider, ids: [list.rows[0].id], now: now() });
    assert.equal(await unreadCount(t.db, ids.editor), before, "another user cannot mark it");
    await markRead(t.db, { userId: ids.editor, ids: [list.rows[0].id], now: now() });
    assert.equal(await unreadCount(t.db, ids.editor), before - 1);
    await markRead(t.db, { userId: ids.editor, ids: "all", now: now() });
    assert.equal(await unreadCount(t.db, ids.editor), 0);
    assert.equal((await listNotifications(t.db, { userId: ids.editor, show: "read", page: 1 })).total, before);
  });
});
