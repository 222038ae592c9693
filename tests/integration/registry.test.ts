import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq, sql } from "drizzle-orm";
import { apiTokens, auditEvents, endpoints, endpointVersions, institutions } from "@/db/schema";
import { listEndpoints } from "@/lib/registry/queries";
import { DEMO_USERS } from "@/db/seed";
import { DEMO_HOME_INSTITUTION } from "@/db/seed/demo-users";
import { demoEndpoints, seedDemoEndpoints } from "@/db/seed/endpoints";
import { DEMO_INSTITUTIONS } from "@/db/seed/institutions-data";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { institutionScope, type Actor } from "@/lib/auth/policy";
import { createApiToken, revokeApiToken } from "@/lib/registry/api-tokens";
import { createEndpoint, updateEndpoint } from "@/lib/registry/endpoints";
import type { Principal } from "@/lib/registry/principal";
import { makeEndpointSchema, type EndpointFormInput } from "@/lib/validation/endpoints";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { countRows, rejectsWithCode } from "./helpers";

let t: TestDb;
const ids: Record<string, string> = {};
const actors: Record<string, Actor> = {};
const NOW = new Date("2030-01-01T10:00:00Z");

const user = (actor: Actor): Principal => ({ kind: "user", actor });
const schema = makeEndpointSchema();
const input = (over: Partial<EndpointFormInput> = {}) =>
  schema.parse({
    institutionId: ids.home,
    environment: "acceptance",
    transaction: "rad-75",
    url: "https://acc-test.enovation-xds.example/xca-i/rad75",
    homeCommunityId: "urn:oid:2.16.840.1.113883.2.4.3.999.2",
    vendorCode: "enovation",
    ...over,
  });

before(async () => {
  t = await createTestDb({ from: "seeded" });
  Object.assign(ids, await demoInstitutionIds(t.db));
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, new Date("2030-01-01T01:00:00Z"));
});
after(async () => {
  await t?.dispose();
});
const demo = (role: string) => actors[DEMO_USERS.find((u) => u.role === role)!.email];

describe("seeded registry", () => {
  test("the seed wrote the demo endpoints with a version each, and a second seed adds none", async () => {
    const expected = demoEndpoints(DEMO_INSTITUTIONS, { homeIndex: DEMO_HOME_INSTITUTION });
    assert.equal(await countRows(t.db, "endpoints"), expected.length);
    const versions = expected.reduce((n, e) => n + 1 + (e.history?.length ?? 0), 0);
    assert.equal(await countRows(t.db, "endpoint_versions"), versions);
    assert.ok(expected.length > 150, "a believable share of institutions");
    assert.ok(expected.every((e) => /^https:\/\/[a-z0-9.-]+\.example\//.test(e.url!) && e.homeCommunityId!.startsWith("urn:oid:2.16.840.1.113883.2.4.3.")));
    const again = await t.db.transaction((tx) => seedDemoEndpoints(tx, { institutions: DEMO_INSTITUTIONS, homeIndex: DEMO_HOME_INSTITUTION }));
    assert.equal(again, 0);
    assert.equal(await countRows(t.db, "endpoints"), expected.length);
  });

  test("list scope per role", async () => {
    const count = async (a: Actor) => (await listEndpoints(t.db, { scope: institutionScope(a, "endpoint.read"), pageSize: 200 })).total;
    const all = await countRows(t.db, "endpoints");
    assert.equal(await count(demo("programme_admin")), all);
    assert.equal(await count(demo("programme_viewer")), all);
    const own = (await t.db.select().from(endpoints).where(eq(endpoints.institutionId, ids.home))).length;
    assert.equal(await count(demo("institution_editor")), own);
    assert.equal(await count(demo("security_officer")), own);
    const vendorRows = await t.db.select({ n: sql<number>`count(*)::int` }).from(endpoints).innerJoin(institutions, eq(institutions.id, endpoints.institutionId)).where(eq(institutions.vendorCode, "enovation"));
    assert.equal(await count(demo("vendor_editor")), Number(vendorRows[0].n));
  });
});

describe("writing endpoints per role", () => {
  test("who may register where", async () => {
    const cases: [string, string, "ok" | "forbidden"][] = [
      ["institution_editor", "home", "ok"],
      ["institution_editor", "other", "forbidden"],
      ["vendor_editor", "enovation2", "ok"],
      ["vendor_editor", "founda", "forbidden"],
      ["security_officer", "home", "forbidden"],
      ["programme_viewer", "home", "forbidden"],
      ["programme_admin", "founda", "ok"],
    ];
    for (const [role, inst, expected] of cases) {
      const vendor = inst === "founda" ? "founda" : inst === "other" ? "alphatron" : "enovation";
      const values = input({ institutionId: ids[inst], environment: "production", transaction: "rad-75", vendorCode: vendor, url: `https://${role.replace(/_/g, "-")}.${inst}.example/rad75` });
      // Clear the way: switch off an existing active production RAD-75 of this institution.
      await t.db.update(endpoints).set({ status: "off" }).where(and(eq(endpoints.institutionId, ids[inst]), eq(endpoints.environment, "production"), eq(endpoints.transaction, "rad-75")));
      const p = createEndpoint(t.db, { principal: user(demo(role)), values, now: NOW });
      if (expected === "ok") assert.equal((await p).institutionId, ids[inst], `${role} ${inst}`);
      else await rejectsWithCode(p, "forbidden");
    }
  });

  test("a second active endpoint is a conflict and writes nothing", async () => {
    const before = await Promise.all(["endpoints", "endpoint_versions", "audit_events"].map((tb) => countRows(t.db, tb)));
    await rejectsWithCode(createEndpoint(t.db, { principal: user(demo("institution_editor")), values: input({ transaction: "iti-38" }), now: NOW }), "conflict", "registry.errors.duplicate_active");
    const afterCounts = await Promise.all(["endpoints", "endpoint_versions", "audit_events"].map((tb) => countRows(t.db, tb)));
    assert.deepEqual(afterCounts, before);
  });

  test("an editor may not use another vendor than the institution chose; an admin may", async () => {
    await rejectsWithCode(createEndpoint(t.db, { principal: user(demo("institution_editor")), values: input({ vendorCode: "founda", environment: "acceptance" }), now: NOW }), "validation");
  });

  test("update: new version, audit event, history; stale version refused; no change no version", async () => {
    const created = await createEndpoint(t.db, { principal: user(demo("institution_editor")), values: input(), now: NOW });
    const later = new Date(NOW.getTime() + 60_000);
    const res = await updateEndpoint(t.db, { principal: user(demo("vendor_editor")), id: created.id, values: input({ url: "https://acc-new.enovation-xds.example/rad75" }), expectedVersion: 1, now: later });
    assert.deepEqual(res.changed, ["url"]);
    assert.equal(res.endpoint.version, 2);
    const versions = await t.db.select().from(endpointVersions).where(eq(endpointVersions.endpointId, created.id));
    assert.deepEqual(versions.map((v) => v.version).sort(), [1, 2]);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    assert.deepEqual(audits.map((a) => a.action).sort(), ["endpoint.create", "endpoint.update"]);
    await rejectsWithCode(updateEndpoint(t.db, { principal: user(demo("institution_editor")), id: created.id, values: input({ status: "off" }), expectedVersion: 1, now: later }), "conflict", "registry.errors.version_mismatch");
    const same = await updateEndpoint(t.db, { principal: user(demo("institution_editor")), id: created.id, values: input({ url: "https://acc-new.enovation-xds.example/rad75" }), now: later });
    assert.deepEqual(same.changed, []);
    assert.equal(same.endpoint.version, 2);
    await rejectsWithCode(updateEndpoint(t.db, { principal: user(demo("institution_editor")), id: created.id, values: input({ institutionId: ids.other }), now: later }), "validation");
    await rejectsWithCode(updateEndpoint(t.db, { principal: user(actors["projectleider2@duo-demo.test"]), id: created.id, values: input({ status: "off" }), now: later }), "not_found");
    await rejectsWithCode(updateEndpoint(t.db, { principal: user(demo("programme_viewer")), id: created.id, values: input({ status: "off" }), now: later }), "forbidden");
    // entered-in-error retracts without deleting
    const retracted = await updateEndpoint(t.db, { principal: user(demo("institution_editor")), id: created.id, values: input({ url: "https://acc-new.enovation-xds.example/rad75", status: "entered-in-error" }), now: later });
    assert.equal(retracted.endpoint.status, "entered-in-error");
    assert.equal((await t.db.select().from(endpoints).where(eq(endpoints.id, created.id))).length, 1);
  });
});

describe("API tokens", () => {
  test("who may create which token", async () => {
    const admin = demo("programme_admin");
    const vendor = demo("vendor_editor");
    const mk = (a: Actor, values: Parameters<typeof createApiToken>[1]["values"]) => createApiToken(t.db, { actor: a, auditActor: { userId: a.userId, label: a.email }, values, now: NOW });
    const base = { name: "x", expiresInDays: 30 };
    assert.ok((await mk(admin, { ...base, scope: "programme", institutionId: null, vendorCode: null })).token.startsWith("duo_"));
    assert.ok(await mk(vendor, { ...base, scope: "vendor", institutionId: null, vendorCode: "enovation" }));
    assert.ok(await mk(vendor, { ...base, scope: "institution", institutionId: ids.enovation2, vendorCode: null }));
    await rejectsWithCode(mk(vendor, { ...base, scope: "vendor", institutionId: null, vendorCode: "founda" }), "forbidden");
    await rejectsWithCode(mk(vendor, { ...base, scope: "programme", institutionId: null, vendorCode: null }), "forbidden");
    await rejectsWithCode(mk(vendor, { ...base, scope: "institution", institutionId: ids.other, vendorCode: null }), "forbidden");
    await rejectsWithCode(mk(demo("institution_editor"), { ...base, scope: "institution", institutionId: ids.home, vendorCode: null }), "forbidden");
    const stored = await t.db.select().from(apiTokens);
    assert.ok(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash) && s.tokenPrefix.length === 12));
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "api_token.create"));
    assert.equal(audit.length, 3);
    assert.ok(!JSON.stringify(audit).includes(stored[0].tokenHash));
  });

  test("revoke: vendor editors only their own", async () => {
    const admin = demo("programme_admin");
    const { row } = await createApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, values: { name: "founda", scope: "vendor", institutionId: null, vendorCode: "founda", expiresInDays: 5 }, now: NOW });
    const vendor = demo("vendor_editor");
    await rejectsWithCode(revokeApiToken(t.db, { actor: vendor, auditActor: { userId: vendor.userId, label: vendor.email }, id: row.id, now: NOW }), "not_found");
    const revoked = await revokeApiToken(t.db, { actor: admin, auditActor: { userId: admin.userId, label: admin.email }, id: row.id, now: NOW });
    assert.ok(revoked.revokedAt);
  });
});
