/**
 * "My work" per role (issue 18 §5, lib/home/my-work.ts) on the seeded demo: the reviewer's queue
 * oldest first, the editor's next action, rejected reports and planned dates, the security
 * officer's documents and certificate warnings, the vendor's gateways in trouble and the
 * institutions waiting on it; each scoped to the caller's own memberships.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { endpointCertificates, endpointHealth, endpoints, institutionPlans, institutions } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import type { Actor } from "@/lib/auth/policy";
import { loadMyWork } from "@/lib/home/my-work";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { loadWorkspace } from "@/lib/onboarding/workspace";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";

let t: TestDb;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
const actors: Record<string, Actor> = {};
const NOW = new Date();
const demo = (role: string) => actors[DEMO_USERS.find((u) => u.role === role)!.email];

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, new Date(NOW.getTime() - 3_600_000));
});
after(async () => {
  await t?.dispose();
});

describe("my work", () => {
  test("reviewer: the verification queue, oldest report first; the viewer and the institution roles have none", async () => {
    const work = await loadMyWork(t.db, { actor: demo("programme_admin"), now: NOW });
    const queue = await listReviewQueue(t.db, {});
    assert.ok(queue.length > 0, "the demo has reports waiting");
    assert.equal(work.review?.total, queue.length);
    assert.deepEqual(
      work.review!.oldest.map((q) => `${q.institutionId}|${q.stepCode}`),
      queue.slice(0, 5).map((q) => `${q.institutionId}|${q.stepCode}`),
    );
    const days = work.review!.oldest.map((q) => q.days ?? 0);
    assert.deepEqual([...days].sort((a, b) => b - a), days, "oldest first");
    for (const role of ["programme_viewer", "institution_editor", "security_officer", "vendor_editor"]) assert.equal((await loadMyWork(t.db, { actor: demo(role), now: NOW })).review, null, role);
    const viewer = await loadMyWork(t.db, { actor: demo("programme_viewer"), now: NOW });
    assert.deepEqual([viewer.institutions, viewer.toolkit, viewer.gateways, viewer.certificates, viewer.waiting], [[], [], [], [], []]);
  });

  test("editor: the own institution's next action, its rejected reports and its planned dates, passed ones flagged", async () => {
    const editor = demo("institution_editor");
    const [inst] = await t.db.select().from(institutions).where(eq(institutions.id, ids.home));
    await t.db.insert(institutionPlans).values([
      { institutionId: ids.home, planKey: "mitz_connected", plannedOn: "2026-01-15", reportedByLabel: "test" },
      { institutionId: ids.home, planKey: "go_live", plannedOn: "2027-06-30", reportedByLabel: "test" },
    ]).onConflictDoNothing();
    const work = await loadMyWork(t.db, { actor: editor, now: NOW });
    assert.deepEqual(work.institutions.map((i) => i.id), [ids.home], "only the own institution");
    const ws = await loadWorkspace(t.db, { institutionId: ids.home, vendorCode: inst.vendorCode, now: NOW });
    const mine = work.institutions[0];
    assert.deepEqual(mine.nextAction, ws.readiness.nextAction);
    assert.deepEqual(
      mine.rejected.map((r) => r.stepCode).sort(),
      ws.checklist.flatMap((g) => g.steps).filter((s) => s.state === "rejected").map((s) => s.def.code).sort(),
    );
    const plans = await t.db.select().from(institutionPlans).where(eq(institutionPlans.institutionId, ids.home));
    assert.equal(mine.plans.length, plans.length);
    const go = mine.plans.find((p) => p.key === "go_live")!;
    assert.equal(go.passed, go.date < NOW.toISOString().slice(0, 10));
    assert.deepEqual(mine.plans.map((p) => p.date), [...mine.plans.map((p) => p.date)].sort(), "earliest first");
  });

  test("security officer: documents to confirm and the own endpoints' certificate warnings, nobody else's", async () => {
    const ciso = demo("security_officer");
    const own = ciso.memberships.find((m) => m.role === "security_officer")!.institutionId!;
    const [ep] = await t.db.select().from(endpoints).where(and(eq(endpoints.institutionId, own), eq(endpoints.status, "active"))).limit(1);
    const [foreign] = await t.db.select().from(endpoints).where(and(eq(endpoints.institutionId, ids.other), eq(endpoints.status, "active"))).limit(1);
    const soon = new Date(NOW.getTime() + 10 * 86_400_000);
    for (const e of [ep, foreign]) {
      await t.db.insert(endpointCertificates).values({ endpointId: e.id, fingerprint: `my-work-${e.id}`, subject: "CN=gw", issuer: "CN=CA", notAfter: soon, firstSeenAt: NOW, lastSeenAt: new Date(NOW.getTime() + 60_000) });
    }
    const work = await loadMyWork(t.db, { actor: ciso, now: NOW });
    const warning = work.certificates.find((c) => c.endpointId === ep.id);
    assert.ok(warning, "the own endpoint's newest certificate expires within 30 days");
    assert.equal(warning.daysLeft, 10);
    assert.ok(!work.certificates.some((c) => c.endpointId === foreign.id), "another institution's endpoint is not the CISO's work");
    assert.ok(work.certificates.every((c) => c.institutionId === own));
    for (const tk of work.toolkit) {
      assert.equal(tk.institutionId, own);
      assert.ok(tk.documents.every((d) => d.kind === "never" || d.kind === "outdated"));
    }
  });

  test("vendor editor: its own gateways that are down first, then degraded; the institutions that wait on it", async () => {
    const vendor = demo("vendor_editor");
    const code = vendor.memberships.find((m) => m.role === "vendor_editor")!.vendorCode!;
    const mineEps = await t.db.select().from(endpoints).where(and(eq(endpoints.vendorCode, code), eq(endpoints.status, "active"))).limit(2);
    const [otherEp] = await t.db.select().from(endpoints).where(and(eq(endpoints.status, "active"), eq(endpoints.vendorCode, code === "founda" ? "enovation" : "founda"))).limit(1);
    const set = async (endpointId: string, status: "down" | "degraded") =>
      t.db.insert(endpointHealth).values({ endpointId, status, since: NOW }).onConflictDoUpdate({ target: endpointHealth.endpointId, set: { status, since: NOW } });
    await set(mineEps[0].id, "degraded");
    await set(mineEps[1].id, "down");
    await set(otherEp.id, "down");
    const work = await loadMyWork(t.db, { actor: vendor, now: NOW });
    const ids2 = work.gateways.map((g) => g.endpointId);
    assert.ok(ids2.includes(mineEps[0].id) && ids2.includes(mineEps[1].id));
    assert.ok(!ids2.includes(otherEp.id), "another vendor's gateway is not this vendor's work");
    const firstDegraded = work.gateways.findIndex((g) => g.status === "degraded");
    assert.ok(work.gateways.slice(firstDegraded).every((g) => g.status === "degraded"), "down first");
    for (const w of work.waiting) {
      const [i] = await t.db.select().from(institutions).where(eq(institutions.id, w.id));
      assert.equal(i.vendorCode, code);
      const prod = await t.db.select().from(endpoints).where(and(eq(endpoints.institutionId, w.id), eq(endpoints.environment, "production"), eq(endpoints.status, "active")));
      assert.equal(prod.length, 0);
    }
  });
});
