/**
 * The "centraal onderdeel" flag of an endpoint (issue 16 §1): programme admins and the vendor's
 * own editors and tokens set it; institution editors and other principals cannot; left out, it
 * stays; every change is audited and in the REST API.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, endpoints } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import { handleApiV1Request } from "@/lib/api/v1";
import type { Actor } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { createApiToken } from "@/lib/registry/api-tokens";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import type { EndpointValues } from "@/lib/validation/endpoints";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";

let t: TestDb;
let admin: Actor;
let vendorEditor: Actor;
let instEditor: Actor;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
const NOW = new Date("2031-03-01T12:00:00Z");
const BASE = "http://portal.test";

const values = (over: Partial<EndpointValues> = {}): EndpointValues => ({
  institutionId: ids.enovation2,
  environment: "acceptance",
  transaction: "iti-39",
  url: "https://central.enovation-xds.example/iti39",
  homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.4242.9",
  vendorCode: "enovation",
  status: "suspended",
  periodStart: null,
  periodEnd: null,
  probeMode: "transport",
  maintenanceWindows: [],
  central: undefined,
  ...over,
});

const api = (path: string, token: string, method = "GET", body?: unknown) => {
  const req = new Request(`${BASE}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return handleApiV1Request(req, new URL(req.url).pathname.split("/").filter(Boolean).slice(2), { db: t.db, now: NOW, limitPerMinute: 10_000, publicUrl: { appUrl: BASE, trustProxy: false } });
};

const forbidden = (e: unknown) => e instanceof AppError && e.code === "forbidden";

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  vendorEditor = await signedInActor(t.db, "leverancier@duo-demo.test", NOW);
  instEditor = await signedInActor(t.db, "projectleider@duo-demo.test", NOW);
});
after(async () => {
  await t?.dispose();
});

test("vendor editor marks its own vendor's endpoint central; audited; left out it stays", async () => {
  const row = await createEndpoint(t.db, { principal: { kind: "user", actor: vendorEditor }, values: values({ central: true }), now: NOW });
  assert.equal(row.central, true);
  const kept = await updateEndpoint(t.db, { principal: { kind: "user", actor: vendorEditor }, id: row.id, values: values({ status: "off" }), now: NOW });
  assert.equal(kept.endpoint.central, true, "left out: unchanged");
  assert.deepEqual(kept.changed, ["status"]);
  const off = await updateEndpoint(t.db, { principal: { kind: "user", actor: vendorEditor }, id: row.id, values: values({ status: "off", central: false }), now: NOW });
  assert.deepEqual(off.changed, ["central"]);
  const [audit] = await t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, row.id), eq(auditEvents.action, "endpoint.update")))
    .orderBy(auditEvents.id)
    .offset(1);
  assert.deepEqual({ before: (audit.before as { central: boolean }).central, after: (audit.after as { central: boolean }).central }, { before: true, after: false });
});

test("an institution editor cannot set or remove the flag, but edits the rest", async () => {
  await assert.rejects(createEndpoint(t.db, { principal: { kind: "user", actor: instEditor }, values: values({ institutionId: ids.home, central: true, transaction: "rad-75" }), now: NOW }), forbidden);
  const byAdmin = await createEndpoint(t.db, { principal: { kind: "user", actor: admin }, values: values({ institutionId: ids.home, transaction: "rad-75", url: "https://central2.enovation-xds.example/rad75", central: true }), now: NOW });
  await assert.rejects(updateEndpoint(t.db, { principal: { kind: "user", actor: instEditor }, id: byAdmin.id, values: values({ institutionId: ids.home, transaction: "rad-75", url: byAdmin.url, central: false }), now: NOW }), forbidden);
  const edited = await updateEndpoint(t.db, { principal: { kind: "user", actor: instEditor }, id: byAdmin.id, values: values({ institutionId: ids.home, transaction: "rad-75", url: byAdmin.url, status: "off" }), now: NOW });
  assert.equal(edited.endpoint.central, true);
  assert.equal(edited.endpoint.status, "off");
});

test("REST API: vendor token sets it, institution token is refused with 403, reads show it", async () => {
  const mk = async (scope: "vendor" | "institution", target: { institutionId?: string; vendorCode?: string }) =>
    (await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name: `c-${scope}`, scope, institutionId: target.institutionId ?? null, vendorCode: target.vendorCode ?? null, expiresInDays: 30 }, now: NOW })).token;
  const vendorToken = await mk("vendor", { vendorCode: "enovation" });
  const instToken = await mk("institution", { institutionId: ids.home });
  const body = { ...values({ transaction: "iti-38", url: "https://central3.enovation-xds.example/iti38" }), periodStart: undefined, periodEnd: undefined, central: true };
  const created = await api("/endpoints", vendorToken, "POST", body);
  assert.equal(created.status, 201, await created.clone().text());
  const json = await created.json();
  assert.equal(json.central, true);
  const refused = await api("/endpoints", instToken, "POST", { ...body, institutionId: ids.home, url: "https://central4.enovation-xds.example/iti38" });
  assert.equal(refused.status, 403);
  const [row] = await t.db.select({ central: endpoints.central }).from(endpoints).where(eq(endpoints.id, json.id));
  assert.equal(row.central, true);
  const read = await (await api(`/endpoints/${json.id}`, vendorToken)).json();
  assert.equal(read.central, true);
});
