/**
 * The short-lived caches of the dashboard's go-live figures and the public status page
 * (issue 21 §3): reused while nothing they show has changed, recomputed at once after a write,
 * and never older than their lifetime (the checker's verdicts and the clock, which no write
 * fingerprint sees). The institution list's and the registry's pages: per version, scope and filter;
 * an institution page's reads: per institution while the change counter holds.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { endpointHealth, endpoints, institutionReadiness, institutions, vendors } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import { recordAudit } from "@/lib/audit";
import { clearDashboardCache, loadGoLiveDashboardCached } from "@/lib/dashboard/model";
import { clearStatusCache, loadStatusModelCached } from "@/lib/status/queries";
import { syncReferenceData } from "@/lib/database";
import { listInstitutionGroups, listInstitutions, listInstitutionsForPage, listVendors } from "@/lib/institutions/queries";
import { listEndpoints, listEndpointsForPage } from "@/lib/registry/queries";
import { institutionPageReads, GO_LIVE_MAX_AGE_MS } from "@/lib/institutions/page-reads";
import { keptWhileUnchanged } from "@/lib/ops/data-version";
import { keyedCache } from "@/lib/ops/versioned-cache";
import { goLiveSettings } from "@/lib/golive/settings";
import { sql } from "drizzle-orm";
import { openIncident } from "@/lib/status/service";
import { openIncidentSchema } from "@/lib/validation/status";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { signedInActor } from "@/tests/helpers/sessions";
import type { InstitutionScope } from "@/lib/auth/policy";

let t: TestDb;
const NOW = new Date();
const later = (ms: number) => new Date(NOW.getTime() + ms);

before(async () => {
  t = await createTestDb({ from: "seeded" });
  clearDashboardCache();
  clearStatusCache();
});
after(async () => t?.dispose());

test("the go-live figures are reused while unchanged, recomputed after a write, and kept at most 5 s", async () => {
  const first = await loadGoLiveDashboardCached(t.db, NOW, NOW);
  assert.equal(await loadGoLiveDashboardCached(t.db, later(1000), later(1000)), first, "unchanged data within the lifetime: the same figures");

  // Any write to the go-live data (here an institution's register row) changes the fingerprint.
  const [inst] = await t.db.select({ id: institutions.id }).from(institutions).limit(1);
  await t.db.update(institutions).set({ updatedAt: new Date() }).where(eq(institutions.id, inst.id));
  const afterWrite = await loadGoLiveDashboardCached(t.db, later(2000), later(2000));
  assert.notEqual(afterWrite, first, "recomputed after a write");
  assert.deepEqual(afterWrite.counts, first.counts, "with the same figures (the write changed nothing they show)");

  // So does any audited action.
  await t.db.transaction((tx) => recordAudit(tx, { actor: { userId: null, label: "test" }, action: "auth.sign_out", entityType: "user", entityId: "00000000-0000-0000-0000-000000000000" }));
  const afterAudit = await loadGoLiveDashboardCached(t.db, later(2500), later(2500));
  assert.notEqual(afterAudit, afterWrite, "recomputed after an audited action");

  assert.notEqual(await loadGoLiveDashboardCached(t.db, later(8000), later(8000)), afterAudit, "recomputed after the lifetime");
  // A past date is its own entry: the end of that day, not now.
  const past = new Date(NOW.getTime() - 3 * 86_400_000);
  const pastFigures = await loadGoLiveDashboardCached(t.db, past, later(8100));
  assert.equal(pastFigures.at.getTime(), past.getTime());
});

test("the status page's model shows a new incident at once and a checker verdict within 5 s", async () => {
  const admin = await signedInActor(t.db, DEMO_USERS[0].email, NOW);
  const first = await loadStatusModelCached(t.db, NOW);
  assert.equal(await loadStatusModelCached(t.db, later(500)), first);

  await openIncident(t.db, { actor: admin, values: openIncidentSchema.parse({ vendorCode: "enovation", title: "Cachetest", state: "investigating", message: "Zichtbaar zonder wachten." }), now: later(600), baseUrl: "http://portal.test" });
  const withIncident = await loadStatusModelCached(t.db, later(700));
  assert.ok(withIncident.incidents.some((i) => i.title === "Cachetest"), "the incident shows on the next request");

  // A verdict of the checker is not in the fingerprint: it shows once the lifetime has passed.
  const [gw] = await t.db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(and(eq(endpoints.vendorCode, "founda"), eq(endpoints.environment, "production"), eq(endpoints.status, "active"), eq(endpoints.central, false)))
    .limit(1);
  const down = (m: typeof first) => m.infrastructures.find((i) => i.code === "founda")!.gateways.down;
  const before = down(withIncident);
  await t.db.insert(endpointHealth).values({ endpointId: gw.id, status: "down", since: later(800) }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status: "down", since: later(800) } });
  assert.equal(down(await loadStatusModelCached(t.db, later(1000))), before, "within the lifetime: the cached verdicts");
  const fresh = await loadStatusModelCached(t.db, later(6000));
  assert.equal(down(fresh), before + 1, "after the lifetime: the new verdict");
  assert.equal(fresh.generatedAt.getTime(), later(6000).getTime(), "and the page says when its figures were made");
});

test("the vendors (reference data) are read once per database handle, afresh in a transaction and after the reference sync", async () => {
  const first = await listVendors(t.db);
  assert.deepEqual(
    first.map((v) => v.code),
    ["alphatron", "enovation", "founda"],
  );
  // Only the reference sync writes vendors; a row changed behind its back shows that the list is kept…
  await t.db.update(vendors).set({ name: "Changed behind the sync" }).where(eq(vendors.code, "founda"));
  assert.equal((await listVendors(t.db)).find((v) => v.code === "founda")?.name, first.find((v) => v.code === "founda")?.name);
  // …that a transaction reads afresh…
  await t.db.transaction(async (tx) => {
    assert.equal((await listVendors(tx)).find((v) => v.code === "founda")?.name, "Changed behind the sync");
  });
  // …and that the sync (run on every start) puts the code's data back and is read again.
  await syncReferenceData(t.db);
  assert.deepEqual(await listVendors(t.db), first);
  // Each caller gets its own copy.
  (await listVendors(t.db))[0].name = "mutated";
  assert.deepEqual(await listVendors(t.db), first);
});

test("the institution list's page is kept per scope and filter while nothing changed, and shows a write at once", async () => {
  const all = { kind: "all" } as const;
  const opts = { scope: all, pageSize: 25 };
  const first = await listInstitutionsForPage(t.db, opts);
  assert.deepEqual(first.page, await listInstitutions(t.db, opts), "the same rows as the query itself");
  assert.deepEqual(first.groups, await listInstitutionGroups(t.db, all));
  assert.equal((await listInstitutionsForPage(t.db, opts)).page, first.page, "unchanged data: the kept page");

  const sorted = await listInstitutionsForPage(t.db, { ...opts, sort: "readiness", dir: "desc" });
  assert.deepEqual(sorted.page, await listInstitutions(t.db, { ...opts, sort: "readiness", dir: "desc" }), "another filter is its own entry");

  // A register write shows on the next visit.
  const target = first.page.rows[0];
  await t.db.update(institutions).set({ name: `${target.name} (nieuw)`, updatedAt: new Date() }).where(eq(institutions.id, target.id));
  const renamed = await listInstitutionsForPage(t.db, opts);
  assert.equal(renamed.page.rows.find((r) => r.id === target.id)?.name, `${target.name} (nieuw)`);

  // So does a readiness change (the percentage the list shows).
  await t.db.update(institutionReadiness).set({ percent: 99, updatedAt: new Date() }).where(eq(institutionReadiness.institutionId, target.id));
  assert.equal((await listInstitutionsForPage(t.db, opts)).page.rows.find((r) => r.id === target.id)?.percent, 99);

  // A caller scoped to one institution gets only that one, whatever the programme's entry holds.
  const one: InstitutionScope = { kind: "some", institutionIds: [target.id], vendorCodes: [] };
  const mine = await listInstitutionsForPage(t.db, { scope: one, pageSize: 25 });
  assert.deepEqual(mine.page.rows.map((r) => r.id), [target.id]);
  assert.deepEqual(mine.groups, await listInstitutionGroups(t.db, one));
  assert.ok((await listInstitutionsForPage(t.db, opts)).page.total > 1, "the programme's list is its own entry");
});

test("the registry's page is kept while the register is unchanged; a filter on health always reads the verdicts afresh", async () => {
  const all = { kind: "all" } as const;
  const opts = { scope: all, page: 1, pageSize: 25 };
  const first = await listEndpointsForPage(t.db, opts);
  assert.deepEqual(first, await listEndpoints(t.db, opts), "the same rows as the query itself");
  assert.equal(await listEndpointsForPage(t.db, opts), first, "unchanged register: the kept page");

  const target = first.rows[0];
  await t.db.update(endpoints).set({ url: `${target.url}?v=2`, updatedAt: new Date() }).where(eq(endpoints.id, target.id));
  assert.equal((await listEndpointsForPage(t.db, opts)).rows.find((r) => r.id === target.id)?.url, `${target.url}?v=2`, "an edit shows on the next visit");

  // Verdicts are written by the checker and not counted: under a health filter the page reads them afresh.
  const verdict = (status: "up" | "down") =>
    t.db.insert(endpointHealth).values({ endpointId: target.id, status, since: new Date() }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status, since: new Date() } });
  const down = { ...opts, health: "down", q: target.ura };
  await verdict("up");
  assert.ok(!(await listEndpointsForPage(t.db, down)).rows.some((r) => r.id === target.id), "up: not among the down ones");
  await verdict("down");
  assert.ok((await listEndpointsForPage(t.db, down)).rows.some((r) => r.id === target.id), "a new verdict shows at once under the health filter");

  const one: InstitutionScope = { kind: "some", institutionIds: [target.institutionId], vendorCodes: [] };
  const mine = await listEndpointsForPage(t.db, { ...opts, scope: one });
  assert.ok(mine.rows.length > 0 && mine.rows.every((r) => r.institutionId === target.institutionId), "a scoped caller gets only its own endpoints");
});

test("an institution page's reads are kept while nothing changed; any audited action or counted write reads afresh; go-live at most 5 s", async () => {
  const [inst] = await t.db.select({ id: institutions.id, vendorCode: institutions.vendorCode }).from(institutions).orderBy(institutions.ura).limit(1);
  const ws = () => institutionPageReads.workspace(t.db, { institutionId: inst.id, vendorCode: inst.vendorCode, now: NOW });
  const first = await ws();
  assert.equal(await ws(), first, "unchanged: the kept checklist");
  assert.notEqual(await institutionPageReads.workspace(t.db, { institutionId: inst.id, vendorCode: inst.vendorCode, now: later(86_400_000) }), first, "another day is its own entry");

  await t.db.transaction((tx) => recordAudit(tx, { actor: { userId: null, label: "test" }, action: "auth.sign_out", entityType: "user", entityId: "00000000-0000-0000-0000-000000000000" }));
  const afterAudit = await ws();
  assert.notEqual(afterAudit, first, "an audited action (every user action writes one): read afresh");
  assert.deepEqual(afterAudit.readiness, first.readiness, "with the same content");

  // A step write shows on the next read.
  const step = afterAudit.checklist.flatMap((g) => g.steps).find((x) => x.row)!;
  assert.ok(step, "the seeded institution has a step row");
  await t.db.execute(sql`update onboarding_steps set rejection_reason = 'cachetest' where institution_id = ${inst.id} and step_code = ${step.def.code}`);
  const afterStep = await ws();
  assert.equal(afterStep.checklist.flatMap((g) => g.steps).find((x) => x.def.code === step.def.code)?.row?.step.rejectionReason, "cachetest");

  // Go-live reads the checker's rollups too, which nothing counts: kept within one 5 s window only.
  const start = new Date(Math.floor(Date.now() / GO_LIVE_MAX_AGE_MS) * GO_LIVE_MAX_AGE_MS);
  const gl = (at: Date) => institutionPageReads.goLive(t.db, { institutionId: inst.id, at, settings: goLiveSettings() });
  const g1 = await gl(start);
  assert.equal(await gl(new Date(start.getTime() + GO_LIVE_MAX_AGE_MS - 1)), g1, "within the window: kept");
  assert.notEqual(await gl(new Date(start.getTime() + GO_LIVE_MAX_AGE_MS)), g1, "the next window: read afresh");

  // While a write is under way the counter steps aside and nothing is kept.
  const cache = keyedCache<number>(4);
  let loads = 0;
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`update institutions set updated_at = now() where id = ${inst.id}`);
    await keptWhileUnchanged(tx, cache, "k", async () => ++loads);
    await keptWhileUnchanged(tx, cache, "k", async () => ++loads);
  });
  assert.equal(loads, 2, "read afresh each time");
  assert.equal(cache.size, 0, "and not kept");
});
