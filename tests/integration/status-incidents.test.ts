/**
 * Incident posts, maintenance announcements and subscriptions (issue 16 §1, §2): the lifecycle
 * with its audit events, vendor scope (a vendor editor cannot post for another vendor), the
 * status model and history reads, and the double opt-in with the mails in the outbox.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, like } from "drizzle-orm";
import { auditEvents, notificationDeliveries, statusIncidents, statusSubscriptions } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import type { Actor } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { statusAtom, statusJson } from "@/lib/status/publish";
import { loadIncidents, loadPastMaintenance, loadStatusModel } from "@/lib/status/queries";
import { announceMaintenance, cancelMaintenance, openIncident, postIncidentUpdate } from "@/lib/status/service";
import { confirmSubscription, subscribe, subscriptionToken, unsubscribe } from "@/lib/status/subscriptions";
import { incidentUpdateSchema, maintenanceSchema, openIncidentSchema } from "@/lib/validation/status";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { signedInActor } from "@/tests/helpers/sessions";

let t: TestDb;
let admin: Actor;
let vendorEditor: Actor;
let instEditor: Actor;
const NOW = new Date("2031-03-01T12:00:00Z");
const BASE = "http://portal.test";
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const isCode = (code: string, key?: string) => (e: unknown) => e instanceof AppError && e.code === code && (key === undefined || e.message === key);

const mailsTo = (address: string) =>
  t.db
    .select()
    .from(notificationDeliveries)
    .where(and(eq(notificationDeliveries.target, address), like(notificationDeliveries.eventKey, "status:%")))
    .orderBy(notificationDeliveries.id);

before(async () => {
  t = await createTestDb({ from: "seeded" });
  admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  vendorEditor = await signedInActor(t.db, "leverancier@duo-demo.test", NOW); // Enovation
  instEditor = await signedInActor(t.db, "projectleider@duo-demo.test", NOW);
});
after(async () => {
  await t?.dispose();
});

test("subscription: double opt-in; nothing but the confirmation before the link; one-click unsubscribe; rate limit", async () => {
  const address = "noc@ziekenhuis.example";
  const { id } = await subscribe(t.db, { values: { email: "NOC@ziekenhuis.example", vendorCodes: ["enovation"] }, locale: "nl", ip: "198.51.100.7", now: NOW, baseUrl: BASE });
  const [confirmMail] = await mailsTo(address);
  assert.equal(confirmMail.payload.subject, "Bevestig uw abonnement op de DUO-statusmeldingen");
  const link = `${BASE}/status/subscriptions/${id}/confirm?t=${subscriptionToken("confirm", id)}`;
  assert.ok(String(confirmMail.payload.text).includes(link), "the mail carries the confirmation link");
  assert.ok(String(confirmMail.payload.text).includes("Enovation"));

  // Before confirming: an incident sends nothing to this address.
  await openIncident(t.db, { actor: admin, values: openIncidentSchema.parse({ vendorCode: "enovation", title: "Vooraf", state: "investigating", message: "Nog niet bevestigd." }), now: at(1), baseUrl: BASE });
  assert.equal((await mailsTo(address)).length, 1);

  await assert.rejects(confirmSubscription(t.db, { id, token: "0".repeat(32), now: at(2) }), isCode("invalid_token"));
  await assert.rejects(confirmSubscription(t.db, { id, token: subscriptionToken("unsubscribe", id), now: at(2) }), isCode("invalid_token"), "an unsubscribe token does not confirm");
  const confirmed = await confirmSubscription(t.db, { id, token: subscriptionToken("confirm", id), now: at(2) });
  assert.deepEqual(confirmed.confirmedAt, at(2));
  await confirmSubscription(t.db, { id, token: subscriptionToken("confirm", id), now: at(3) }); // idempotent
  const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, id));
  assert.deepEqual(audits.map((a) => a.action).sort(), ["status_subscription.confirm", "status_subscription.create"]);

  // Rate limit per client address (perHour = 2: the first subscription counts).
  await subscribe(t.db, { values: { email: "x@example.test", vendorCodes: ["founda"] }, locale: "en", ip: "198.51.100.7", now: at(4), baseUrl: BASE, perHour: 2 });
  await assert.rejects(subscribe(t.db, { values: { email: "y@example.test", vendorCodes: ["founda"] }, locale: "nl", ip: "198.51.100.7", now: at(5), baseUrl: BASE, perHour: 2 }), isCode("rate_limited"));
  await subscribe(t.db, { values: { email: "y@example.test", vendorCodes: ["founda"] }, locale: "nl", ip: "198.51.100.8", now: at(5), baseUrl: BASE, perHour: 2 });
});

test("incident lifecycle: open, update, resolve; audited; subscribers mailed; on /status, in the history and the feed", async () => {
  const values = openIncidentSchema.parse({ vendorCode: "enovation", title: "Zoekvragen naar Enovation mislukken", state: "investigating", message: "We onderzoeken time-outs op de responding gateway." });
  const { id } = await openIncident(t.db, { actor: vendorEditor, values, now: at(10), baseUrl: BASE });
  await postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "identified", message: "Een certificaat is verlopen." }), now: at(20), baseUrl: BASE });

  let model = await loadStatusModel(t.db, at(21));
  const shown = model.incidents.find((i) => i.id === id)!;
  assert.equal(shown.state, "identified");
  assert.deepEqual(shown.updates.map((u) => u.state), ["identified", "investigating"], "newest first");
  const json = statusJson(model);
  assert.equal(json.infrastructures.find((i) => i.code === "enovation")!.incidents.find((i) => i.id === id)!.updates.length, 2);

  // An update dated before the incident, or in the future, is refused.
  await assert.rejects(postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "identified", message: "x", at: "2031-03-01T11:00:00Z" }), now: at(22), baseUrl: BASE }), isCode("validation", "status_manage.errors.update_before_opened"));
  await assert.rejects(postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "identified", message: "x", at: "2031-03-01T14:00:00Z" }), now: at(22), baseUrl: BASE }), isCode("validation", "status_manage.errors.update_in_future"));

  await postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "resolved", message: "Certificaat vervangen; alles werkt." }), now: at(30), baseUrl: BASE });
  const [row] = await t.db.select().from(statusIncidents).where(eq(statusIncidents.id, id));
  assert.equal(row.state, "resolved");
  assert.deepEqual(row.resolvedAt, at(30));
  await assert.rejects(postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "identified", message: "Terug?" }), now: at(31), baseUrl: BASE }), isCode("validation", "status_manage.errors.incident_resolved"));

  const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);
  assert.deepEqual(audits.map((a) => a.action), ["status_incident.open", "status_incident.update", "status_incident.update"]);

  // The confirmed subscriber of Enovation got three mails (opened, update, resolved) with an unsubscribe link.
  const mails = (await mailsTo("noc@ziekenhuis.example")).filter((m) => m.eventKey.startsWith(`status:incident:${id}`));
  assert.deepEqual(mails.map((m) => m.payload.event), ["status.incident_opened", "status.incident_updated", "status.incident_resolved"]);
  assert.match(String(mails[2].payload.subject), /^\[Enovation\] Hersteld: Zoekvragen naar Enovation mislukken$/);
  assert.match(String(mails[0].payload.text), /\/status\/subscriptions\/[0-9a-f-]{36}\/unsubscribe\?t=[0-9a-f]{32}/);
  // The Founda subscriber (not confirmed, other infrastructure) got nothing but the confirmation.
  assert.equal((await mailsTo("x@example.test")).length, 1);

  // Resolved: off the open list, in the history; the feed has every post.
  model = await loadStatusModel(t.db, at(32));
  assert.equal(model.incidents.find((i) => i.id === id)?.state, "resolved");
  const history = await loadIncidents(t.db, { resolvedSince: new Date(at(32).getTime() - 90 * 86_400_000) });
  assert.ok(history.some((i) => i.id === id && i.state === "resolved"));
  const feed = statusAtom(model, history, BASE);
  assert.ok(feed.includes("Certificaat vervangen; alles werkt.") && feed.includes("Een certificaat is verlopen."));
});

test("vendor scope: a vendor editor cannot post for another vendor; an institution editor has no say", async () => {
  const founda = openIncidentSchema.parse({ vendorCode: "founda", title: "Niet van mij", state: "investigating", message: "x" });
  await assert.rejects(openIncident(t.db, { actor: vendorEditor, values: founda, now: at(40), baseUrl: BASE }), isCode("forbidden", "status_manage.errors.other_vendor"));
  const { id } = await openIncident(t.db, { actor: admin, values: founda, now: at(40), baseUrl: BASE });
  await assert.rejects(postIncidentUpdate(t.db, { actor: vendorEditor, id, values: incidentUpdateSchema.parse({ state: "resolved", message: "x" }), now: at(41), baseUrl: BASE }), isCode("forbidden"));
  await assert.rejects(openIncident(t.db, { actor: instEditor, values: founda, now: at(41), baseUrl: BASE }), isCode("forbidden"));
  const m = maintenanceSchema.parse({ vendorCode: "founda", title: "Upgrade", startsAt: "2031-03-02T22:00", endsAt: "2031-03-03T02:00" });
  await assert.rejects(announceMaintenance(t.db, { actor: vendorEditor, values: m, now: at(42), baseUrl: BASE }), isCode("forbidden"));
  const [open] = await t.db.select({ state: statusIncidents.state }).from(statusIncidents).where(eq(statusIncidents.id, id));
  assert.equal(open.state, "investigating", "nothing changed");
});

test("maintenance: announced ahead, shown during, then history; cancelling keeps the row; subscribers mailed", async () => {
  const values = maintenanceSchema.parse({ vendorCode: "enovation", title: "Certificaatwissel", message: "Korte onderbrekingen mogelijk.", startsAt: "2031-03-02T22:00", endsAt: "2031-03-03T01:00" });
  const { id } = await announceMaintenance(t.db, { actor: vendorEditor, values, now: at(50), baseUrl: BASE });
  const ahead = await loadStatusModel(t.db, at(51));
  assert.ok(ahead.maintenance.some((x) => x.id === id && x.kind === "announced"), "shown ahead of time");
  const during = await loadStatusModel(t.db, new Date("2031-03-02T22:30:00Z"));
  assert.equal(during.infrastructures.find((i) => i.code === "enovation")!.status.state, "onderhoud");
  const afterwards = new Date("2031-03-04T12:00:00Z");
  assert.ok(!(await loadStatusModel(t.db, afterwards)).maintenance.some((x) => x.id === id));
  assert.ok((await loadPastMaintenance(t.db, afterwards, new Date(afterwards.getTime() - 90 * 86_400_000))).some((x) => x.id === id), "in the history");
  await assert.rejects(announceMaintenance(t.db, { actor: vendorEditor, values: maintenanceSchema.parse({ ...values, startsAt: "2031-03-01T08:00", endsAt: "2031-03-01T09:00" }), now: at(50), baseUrl: BASE }), isCode("validation", "status_manage.errors.maintenance_ended"));

  const mails = (await mailsTo("noc@ziekenhuis.example")).filter((m) => m.eventKey === `status:maintenance:${id}`);
  assert.equal(mails.length, 1);
  assert.match(String(mails[0].payload.subject), /Gepland onderhoud: Certificaatwissel/);

  const second = await announceMaintenance(t.db, { actor: admin, values: { ...values, title: "Tweede" }, now: at(52), baseUrl: BASE });
  await cancelMaintenance(t.db, { actor: vendorEditor, id: second.id, now: at(53), baseUrl: BASE });
  await assert.rejects(cancelMaintenance(t.db, { actor: vendorEditor, id: second.id, now: at(54), baseUrl: BASE }), isCode("conflict"));
  assert.ok(!(await loadStatusModel(t.db, at(55))).maintenance.some((x) => x.id === second.id), "cancelled: off the page");
});

test("unsubscribe: one call with the mail's token; no more mails", async () => {
  const [sub] = await t.db.select().from(statusSubscriptions).where(eq(statusSubscriptions.target, "noc@ziekenhuis.example"));
  await assert.rejects(unsubscribe(t.db, { id: sub.id, token: subscriptionToken("confirm", sub.id), now: at(60) }), isCode("invalid_token"));
  const done = await unsubscribe(t.db, { id: sub.id, token: subscriptionToken("unsubscribe", sub.id), now: at(60) });
  assert.deepEqual(done.unsubscribedAt, at(60));
  const before = (await mailsTo(sub.target)).length;
  await openIncident(t.db, { actor: admin, values: openIncidentSchema.parse({ vendorCode: "enovation", title: "Na afmelden", state: "investigating", message: "x" }), now: at(61), baseUrl: BASE });
  assert.equal((await mailsTo(sub.target)).length, before);
});
