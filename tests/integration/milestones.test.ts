/** Milestones as editable data (issue 17 §3): add with a metric of choice, remove, audited. */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, programmeMilestones } from "@/db/schema";
import { auditActor } from "@/lib/auth/session";
import { clearDashboardCache, loadDashboard } from "@/lib/dashboard/model";
import { createMilestone, removeMilestone, updateMilestone } from "@/lib/dashboard/milestones";
import type { MilestoneCreateInput } from "@/lib/dashboard/milestone-input";
import { listProgrammeMilestones } from "@/lib/dashboard/queries";
import { linkChoices } from "@/lib/escalations/queries";
import { signedInActor } from "@/tests/helpers/sessions";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let admin: ReturnType<typeof auditActor>;
const NOW = new Date("2026-11-22T10:00:00Z");

before(async () => {
  t = await createTestDb({ from: "seeded" });
  clearDashboardCache();
  admin = auditActor(await signedInActor(t.db, "admin@duo-demo.test"));
});
after(async () => {
  await t?.dispose();
});

const wave: MilestoneCreateInput = {
  titleNl: "Alphatron-golf 2: 55 instellingen live",
  titleEn: "Alphatron wave 2: 55 institutions live",
  descriptionNl: "Groeigolf van Alphatron (12 → 55+).",
  descriptionEn: "",
  date: "2027-06-30",
  metricKind: "institutions_live",
  precondition: "",
  vendors: ["alphatron"],
  target: "55",
};

describe("adding and removing milestones", () => {
  test("a new milestone is stored with its metric, shows on the dashboard with its count, and is audited", async () => {
    const before = await listProgrammeMilestones(t.db);
    const row = await createMilestone(t.db, { actor: admin, input: wave });
    assert.equal(row.code, "custom_alphatron_golf_2_55_instellingen_live");
    assert.deepEqual(row.metric, { kind: "institutions_live", vendors: ["alphatron"] });
    assert.equal(row.target, 55);
    assert.equal(row.sortOrder, Math.max(...before.map((m) => m.sortOrder)) + 1);
    const after = await listProgrammeMilestones(t.db);
    assert.equal(after.length, before.length + 1);
    assert.equal(after.at(-1)!.code, row.code);

    const model = await loadDashboard(t.db, { asOf: null, now: NOW, windowWeeks: 8 });
    const shown = model.milestones.find((m) => m.code === row.code);
    assert.ok(shown, "the dashboard evaluates the new milestone");
    assert.equal(shown.target, 55);
    // Its count is the number of live Alphatron institutions: some, not yet 55.
    assert.equal(typeof shown.currentCount, "number");
    assert.ok(shown.currentCount! > 0 && shown.currentCount! < 55, `${shown.currentCount} live Alphatron institutions`);

    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "milestone.create"), eq(auditEvents.entityId, row.code)));
    assert.ok(audit);
    assert.equal((audit.after as { target: number }).target, 55);

    // The same title again gets its own code.
    const again = await createMilestone(t.db, { actor: admin, input: { ...wave, target: "60" } });
    assert.equal(again.code, `${row.code}_2`);
    await removeMilestone(t.db, { actor: admin, code: again.code, version: again.version });
  });

  test("bad input is refused field by field and nothing is written", async () => {
    const count = async () => (await t.db.select().from(programmeMilestones)).length;
    const n = await count();
    const cases: [Partial<MilestoneCreateInput>, string][] = [
      [{ metricKind: "infrastructures_live", vendors: [] }, "vendors"],
      [{ metricKind: "institutions_precondition_met", precondition: "no_such" }, "precondition"],
      [{ metricKind: "manual", vendors: [], target: "3" }, "target"],
      [{ target: "veel" }, "target"],
      [{ vendors: ["acme"] }, "vendors"],
    ];
    for (const [over, field] of cases) {
      const err = await createMilestone(t.db, { actor: admin, input: { ...wave, ...over } }).then(
        () => null,
        (e: { code?: string; fieldErrors?: Record<string, string[]> }) => e,
      );
      assert.equal(err?.code, "validation", JSON.stringify(over));
      assert.ok(err?.fieldErrors?.[field], `${JSON.stringify(over)} → ${JSON.stringify(err?.fieldErrors)}`);
    }
    assert.equal(await count(), n);
  });

  test("a removed milestone leaves the dashboard, the editor and the link choices, stays in the table and cannot be edited", async () => {
    const row = await createMilestone(t.db, { actor: admin, input: { ...wave, titleNl: "Tijdelijke mijlpaal", titleEn: "Temporary milestone", metricKind: "manual", vendors: [], target: "" } });
    await rejectsWithCode(removeMilestone(t.db, { actor: admin, code: row.code, version: row.version + 1 }), "conflict");
    await removeMilestone(t.db, { actor: admin, code: row.code, version: row.version });
    assert.ok(!(await listProgrammeMilestones(t.db)).some((m) => m.code === row.code));
    const model = await loadDashboard(t.db, { asOf: null, now: NOW, windowWeeks: 8 });
    assert.ok(!model.milestones.some((m) => m.code === row.code));
    assert.ok(!(await linkChoices(t.db)).milestones.some((m) => m.code === row.code));
    const [kept] = await t.db.select().from(programmeMilestones).where(eq(programmeMilestones.code, row.code));
    assert.ok(kept.removedAt instanceof Date);
    await rejectsWithCode(removeMilestone(t.db, { actor: admin, code: row.code, version: kept.version }), "not_found");
    await rejectsWithCode(
      updateMilestone(t.db, { actor: admin, today: "2026-11-22", input: { code: row.code, version: kept.version, date: "2027-01-01", target: "", achievedOn: "", titleNl: "Weer terug", titleEn: "Back again" } }),
      "not_found",
    );
    const [audit] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.action, "milestone.remove"), eq(auditEvents.entityId, row.code)));
    assert.ok(audit);
  });
});
