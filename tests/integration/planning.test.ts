import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, institutionPlans } from "@/db/schema";
import { auditActor } from "@/lib/auth/session";
import { clearDashboardCache, loadDashboard } from "@/lib/dashboard/model";
import { listPlanHistory, loadPlanningInputs } from "@/lib/planning/queries";
import { setPlannedDate } from "@/lib/planning/service";
import { buildPlanningView } from "@/lib/planning/view";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
let editor: ReturnType<typeof auditActor>;

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  editor = auditActor(await signedInActor(t.db, "projectleider@duo-demo.test"));
});
after(async () => {
  await t?.dispose();
});

describe("planned dates with history", () => {
  test("set, move later with a reason, refuse a no-op, remove: every change kept and audited", async () => {
    const inst = ids.other;
    await setPlannedDate(t.db, { actor: editor, input: { institutionId: inst, planKey: "go_live", plannedOn: "2026-09-01", reason: "" }, now: new Date("2026-03-01T09:00:00Z") });
    await setPlannedDate(t.db, { actor: editor, input: { institutionId: inst, planKey: "go_live", plannedOn: "2026-11-15", reason: "PACS-koppeling later" }, now: new Date("2026-06-01T09:00:00Z") });
    await rejectsWithCode(setPlannedDate(t.db, { actor: editor, input: { institutionId: inst, planKey: "go_live", plannedOn: "2026-11-15", reason: "" }, now: new Date("2026-06-02T09:00:00Z") }), "validation", "planning.unchanged");
    await setPlannedDate(t.db, { actor: editor, input: { institutionId: inst, planKey: "dpia_completed", plannedOn: "2027-02-01", reason: "" }, now: new Date("2026-06-03T09:00:00Z") });

    const [plan] = await t.db.select().from(institutionPlans).where(and(eq(institutionPlans.institutionId, inst), eq(institutionPlans.planKey, "go_live")));
    assert.equal(plan.plannedOn, "2026-11-15");
    assert.equal(plan.source, "portal");
    const history = await listPlanHistory(t.db, inst);
    assert.deepEqual(
      history.map((h) => [h.planKey, h.fromDate, h.toDate, h.reason, h.changedByName]),
      [
        ["dpia_completed", null, "2027-02-01", null, "Sanne Projectleider"],
        ["go_live", "2026-09-01", "2026-11-15", "PACS-koppeling later", "Sanne Projectleider"],
        ["go_live", null, "2026-09-01", null, "Sanne Projectleider"],
      ],
    );
    const audits = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "plan.update"), eq(auditEvents.institutionId, inst)));
    assert.equal(audits.length, 3, "one audit event per change, none for the refused no-op");

    // As the dashboard sees it on 2026-07-01: one slip of 75 days; the DPIA plan lies after 31-12-2026.
    const inputs = await loadPlanningInputs(t.db, "2026-07-01");
    const view = buildPlanningView({ inputs, day: "2026-07-01", live: 0, total: 10, pacePerWeek: 0, targetCount: 10, targetDate: "2026-12-31" });
    const slip = view.slipped.find((r) => r.institutionId === inst && r.key === "go_live");
    assert.deepEqual(slip && { slips: slip.slips, slipDays: slip.slipDays, plannedOn: slip.plannedOn, firstPlannedOn: slip.firstPlannedOn }, { slips: 1, slipDays: 75, plannedOn: "2026-11-15", firstPlannedOn: "2026-09-01" });
    assert.ok(view.afterDeadline.some((r) => r.institutionId === inst && r.key === "dpia_completed"));
    // Before the move, there was nothing to see.
    const earlier = buildPlanningView({ inputs: await loadPlanningInputs(t.db, "2026-04-01"), day: "2026-04-01", live: 0, total: 10, pacePerWeek: 0, targetCount: 10, targetDate: "2026-12-31" });
    assert.equal(earlier.slipped.filter((r) => r.institutionId === inst).length, 0);

    await setPlannedDate(t.db, { actor: editor, input: { institutionId: inst, planKey: "dpia_completed", plannedOn: "", reason: "Niet meer nodig" }, now: new Date("2026-06-04T09:00:00Z") });
    const rows = await t.db.select().from(institutionPlans).where(and(eq(institutionPlans.institutionId, inst), eq(institutionPlans.planKey, "dpia_completed")));
    assert.equal(rows.length, 0);
    assert.equal((await listPlanHistory(t.db, inst))[0].toDate, null);
  });

  test("bad input is refused with field messages", async () => {
    await assert.rejects(setPlannedDate(t.db, { actor: editor, input: { institutionId: ids.home, planKey: "go_live", plannedOn: "2019-12-31", reason: "" }, now: new Date() }));
    await assert.rejects(setPlannedDate(t.db, { actor: editor, input: { institutionId: ids.home, planKey: "nope" as never, plannedOn: "2026-10-01", reason: "" }, now: new Date() }));
  });

  test("the dashboard model carries the planning figures for its day", async () => {
    clearDashboardCache();
    const m = await loadDashboard(t.db, { asOf: "2026-07-01", now: new Date("2026-12-01T10:00:00Z"), windowWeeks: 8 });
    const live = m.planning.figures.find((f) => f.key === "go_live")!;
    assert.ok(live.planned >= 1);
    assert.ok(m.planning.slipped.some((r) => r.institutionId === ids.other && r.key === "go_live"));
    assert.equal(m.planning.forecast.live, m.live);
    assert.equal(m.planning.forecast.pending, m.total - m.live);
  });
});
