/**
 * db/prepared-query.ts: a drizzle query built once per database handle answers as the same
 * builder run afresh — on the server's handle, on a second database, and inside a transaction
 * (where it sees the transaction's own writes and nothing after a rollback). The queries the
 * pages use through it (the session lookup, an institution's reference, detail and steps, the
 * published rule sets, an endpoint's detail, versions, health and results) answer as before.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { preparedQuery } from "@/db/prepared-query";
import { checkResults, endpointHealth, endpointVersions, endpoints, institutions, onboardingStepEvents } from "@/db/schema";
import { getCheckerState, getEndpointHealth, getLatestResult, listRecentResults } from "@/lib/checker/queries";
import { getEndpointDetail, listEndpointVersions } from "@/lib/registry/queries";
import { getInstitutionDetail, getInstitutionRef } from "@/lib/institutions/queries";
import { listInstitutionSteps, listStepEvents } from "@/lib/onboarding/queries";
import { loadPublishedRuleSets } from "@/lib/financing/rule-sets";
import { createTestDb, type TestDb } from "@/tests/helpers/db";

let t: TestDb;
let other: TestDb;
before(async () => {
  [t, other] = await Promise.all([createTestDb({ from: "seeded" }), createTestDb()]);
});
after(async () => {
  await Promise.all([t?.dispose(), other?.dispose()]);
});

const byUra = (db: Executor, ura: unknown) => db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(eq(institutions.ura, ura as string));

test("built once per handle, and answers as the builder run afresh", async () => {
  let builds = 0;
  const query = preparedQuery((db) => {
    builds++;
    return byUra(db, sql.placeholder("ura")).prepare("test_by_ura");
  });
  const [first] = await t.db.select({ ura: institutions.ura }).from(institutions).orderBy(asc(institutions.ura)).limit(1);
  assert.ok(first, "the seed has institutions");
  for (let i = 0; i < 3; i++) assert.deepEqual(await query(t.db).execute({ ura: first.ura }), await byUra(t.db, first.ura));
  assert.equal(builds, 1, "one build for three runs on one handle");
  assert.deepEqual(await query(t.db).execute({ ura: "00000000" }), [], "another value, no row");

  // A second database (the tests' case: one process, several databases) gets its own, and its own data.
  assert.deepEqual(await query(other.db).execute({ ura: first.ura }), []);
  assert.equal(builds, 2);
});

test("in a transaction it runs in that transaction: it sees the transaction's writes, and nothing after a rollback", async () => {
  const query = preparedQuery((db) => byUra(db, sql.placeholder("ura")).prepare("test_by_ura_tx"));
  const ura = "99123401";
  await assert.rejects(
    t.db.transaction(async (tx) => {
      await tx.insert(institutions).values({ name: "Tijdelijk", kind: "hospital", ura, city: "Utrecht", province: "NL-UT" });
      const inside = await query(tx).execute({ ura });
      assert.equal(inside.length, 1, "the transaction's own row");
      assert.equal(inside[0].name, "Tijdelijk");
      throw new Error("roll back");
    }),
    /roll back/,
  );
  assert.deepEqual(await query(t.db).execute({ ura }), [], "rolled back: gone");
});

test("the pages' prepared reads answer as their builders", async () => {
  const [inst] = await t.db.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).orderBy(asc(institutions.ura)).limit(1);
  assert.deepEqual(await getInstitutionRef(t.db, inst.id), { id: inst.id, vendorCode: inst.vendorCode });
  assert.equal(await getInstitutionRef(t.db, "00000000-0000-4000-8000-000000000000"), null);
  assert.equal(await getInstitutionRef(t.db, "not-a-uuid"), null);

  // The programme office's detail (prepared) and a scoped caller's (built per run) are the same row;
  // a scope without the institution finds none.
  const all = await getInstitutionDetail(t.db, { id: inst.id, scope: { kind: "all" } });
  assert.ok(all);
  assert.equal(all.id, inst.id);
  assert.deepEqual(await getInstitutionDetail(t.db, { id: inst.id, scope: { kind: "some", institutionIds: [inst.id], vendorCodes: [] } }), all);
  assert.equal(await getInstitutionDetail(t.db, { id: inst.id, scope: { kind: "some", institutionIds: [], vendorCodes: ["no-such-vendor"] } }), null);

  const steps = await listInstitutionSteps(t.db, inst.id);
  assert.ok(steps.length > 0, "the seeded institution has steps");
  assert.ok(steps.every((s) => s.step.institutionId === inst.id));

  // All events in order, and one step's: the same rows as a filter of all.
  const events = await listStepEvents(t.db, { institutionId: inst.id });
  const expected = await t.db.select({ id: onboardingStepEvents.id }).from(onboardingStepEvents).where(eq(onboardingStepEvents.institutionId, inst.id)).orderBy(asc(onboardingStepEvents.at), asc(onboardingStepEvents.id));
  assert.deepEqual(events.map((e) => e.event.id), expected.map((e) => e.id));
  assert.ok(events.length > 0, "the seeded institution has step events");
  const code = events[0].event.stepCode;
  assert.deepEqual((await listStepEvents(t.db, { institutionId: inst.id, stepCode: code })).map((e) => e.event.id), events.filter((e) => e.event.stepCode === code).map((e) => e.event.id));

  const ruleSets = await loadPublishedRuleSets(t.db);
  assert.ok(ruleSets.length > 0, "the seed publishes the default rule sets");
  assert.deepEqual(ruleSets.map((r) => r.version), [...ruleSets.map((r) => r.version)].sort((a, b) => a - b));
});

test("the endpoint page's prepared reads answer as their builders", async () => {
  // The seed's checks are made by the checker, not stored: one endpoint gets three results here.
  const [ep] = await t.db.select({ id: endpoints.id, institutionId: endpoints.institutionId, url: endpoints.url }).from(endpoints).orderBy(asc(endpoints.url)).limit(1);
  assert.ok(ep, "the seed has endpoints");
  const base = Date.parse("2026-12-01T10:00:00Z");
  await t.db.insert(checkResults).values([0, 1, 2].map((i) => ({ endpointId: ep.id, checkedAt: new Date(base + i * 60_000), status: i === 2 ? ("down" as const) : ("up" as const), mode: "test", trigger: "schedule" as const, totalMs: 100 + i })));

  const all = await getEndpointDetail(t.db, { id: ep.id, scope: { kind: "all" } });
  assert.equal(all?.endpoint.url, ep.url);
  assert.deepEqual(await getEndpointDetail(t.db, { id: ep.id, scope: { kind: "some", institutionIds: [ep.institutionId], vendorCodes: [] } }), all);
  assert.equal(await getEndpointDetail(t.db, { id: ep.id, scope: { kind: "some", institutionIds: [], vendorCodes: ["no-such-vendor"] } }), null);
  assert.equal(await getEndpointDetail(t.db, { id: "not-a-uuid", scope: { kind: "all" } }), null);

  const versions = await listEndpointVersions(t.db, ep.id);
  const expected = await t.db.select({ version: endpointVersions.version }).from(endpointVersions).where(eq(endpointVersions.endpointId, ep.id)).orderBy(desc(endpointVersions.version));
  assert.deepEqual(versions.map((v) => v.version), expected.map((v) => v.version));

  const [health] = await t.db.select().from(endpointHealth).where(eq(endpointHealth.endpointId, ep.id));
  assert.deepEqual(await getEndpointHealth(t.db, ep.id), health ?? null);

  const latest = await getLatestResult(t.db, ep.id);
  assert.equal(latest?.result.status, "down", "the newest of the three");
  // The limit is a parameter of the one prepared query: each run gets its own.
  assert.deepEqual((await listRecentResults(t.db, ep.id, 2)).map((r) => r.totalMs), [102, 101]);
  assert.deepEqual((await listRecentResults(t.db, ep.id)).map((r) => r.totalMs), [102, 101, 100]);
  assert.deepEqual(await listRecentResults(t.db, "00000000-0000-4000-8000-000000000000"), []);
  await getCheckerState(t.db); // answers (a row or null) without an error
});
