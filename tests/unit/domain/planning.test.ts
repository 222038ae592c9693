import { test } from "node:test";
import assert from "node:assert/strict";
import { computePlanForecast } from "@/lib/domain/forecast";
import { planOn, summarizePlan, summarizePlanning, type PlanChange, type PlanStatus } from "@/lib/domain/planning";

const DAY = "2026-06-15";

type Row = { name: string; changes: PlanChange[]; actualOn?: string | null; expect: { plannedOn: string | null; firstPlannedOn: string | null; slips: number; slipDays: number; status: PlanStatus; slipped: boolean } };

const rows: Row[] = [
  { name: "no plan, not done", changes: [], expect: { plannedOn: null, firstPlannedOn: null, slips: 0, slipDays: 0, status: "none", slipped: false } },
  { name: "done without a plan", changes: [], actualOn: "2026-05-01", expect: { plannedOn: null, firstPlannedOn: null, slips: 0, slipDays: 0, status: "done", slipped: false } },
  { name: "planned ahead", changes: [{ from: null, to: "2026-09-01", on: "2026-03-01" }], expect: { plannedOn: "2026-09-01", firstPlannedOn: "2026-09-01", slips: 0, slipDays: 0, status: "planned", slipped: false } },
  {
    name: "moved later twice, then earlier: two slips, days from the first plan",
    changes: [
      { from: null, to: "2026-07-01", on: "2026-02-01" },
      { from: "2026-07-01", to: "2026-09-01", on: "2026-03-01" },
      { from: "2026-09-01", to: "2026-10-15", on: "2026-04-01" },
      { from: "2026-10-15", to: "2026-10-01", on: "2026-05-01" },
    ],
    expect: { plannedOn: "2026-10-01", firstPlannedOn: "2026-07-01", slips: 2, slipDays: 92, status: "planned", slipped: true },
  },
  { name: "plan passed, not done: overdue", changes: [{ from: null, to: "2026-06-01", on: "2026-01-10" }], expect: { plannedOn: "2026-06-01", firstPlannedOn: "2026-06-01", slips: 0, slipDays: 0, status: "overdue", slipped: true } },
  { name: "plan today is not overdue yet", changes: [{ from: null, to: DAY, on: "2026-01-10" }], expect: { plannedOn: DAY, firstPlannedOn: DAY, slips: 0, slipDays: 0, status: "planned", slipped: false } },
  { name: "planned after 31-12-2026", changes: [{ from: null, to: "2027-02-01", on: "2026-01-10" }], expect: { plannedOn: "2027-02-01", firstPlannedOn: "2027-02-01", slips: 0, slipDays: 0, status: "after_deadline", slipped: false } },
  { name: "done before the plan", changes: [{ from: null, to: "2026-06-01", on: "2026-01-10" }], actualOn: "2026-05-20", expect: { plannedOn: "2026-06-01", firstPlannedOn: "2026-06-01", slips: 0, slipDays: 0, status: "done_on_time", slipped: false } },
  { name: "done after the plan: late", changes: [{ from: null, to: "2026-05-01", on: "2026-01-10" }], actualOn: "2026-05-20", expect: { plannedOn: "2026-05-01", firstPlannedOn: "2026-05-01", slips: 0, slipDays: 19, status: "done_late", slipped: true } },
  {
    name: "a plan moved after the fact does not make a late step on time",
    changes: [
      { from: null, to: "2026-05-01", on: "2026-01-10" },
      { from: "2026-05-01", to: "2026-06-01", on: "2026-06-02" },
    ],
    actualOn: "2026-05-20",
    expect: { plannedOn: "2026-06-01", firstPlannedOn: "2026-05-01", slips: 1, slipDays: 19, status: "done_late", slipped: true },
  },
  { name: "done after day is not done yet", changes: [{ from: null, to: "2026-07-01", on: "2026-01-10" }], actualOn: "2026-06-20", expect: { plannedOn: "2026-07-01", firstPlannedOn: "2026-07-01", slips: 0, slipDays: 0, status: "planned", slipped: false } },
  { name: "a change after day is not known yet", changes: [{ from: null, to: "2026-07-01", on: "2026-01-10" }, { from: "2026-07-01", to: "2026-12-01", on: "2026-07-01" }], expect: { plannedOn: "2026-07-01", firstPlannedOn: "2026-07-01", slips: 0, slipDays: 0, status: "planned", slipped: false } },
  { name: "plan removed", changes: [{ from: null, to: "2026-07-01", on: "2026-01-10" }, { from: "2026-07-01", to: null, on: "2026-02-01" }], expect: { plannedOn: null, firstPlannedOn: "2026-07-01", slips: 0, slipDays: 0, status: "none", slipped: false } },
];

for (const r of rows) {
  test(`summarizePlan: ${r.name}`, () => {
    const s = summarizePlan({ changes: r.changes, actualOn: r.actualOn ?? null, day: DAY });
    assert.deepEqual({ plannedOn: s.plannedOn, firstPlannedOn: s.firstPlannedOn, slips: s.slips, slipDays: s.slipDays, status: s.status, slipped: s.slipped }, r.expect);
  });
}

test("planOn: the last change on or before the day", () => {
  const changes = [
    { from: null, to: "2026-07-01", on: "2026-01-10" },
    { from: "2026-07-01", to: "2026-08-01", on: "2026-03-01" },
  ];
  assert.equal(planOn({ changes, day: "2026-01-09" }), null);
  assert.equal(planOn({ changes, day: "2026-02-28" }), "2026-07-01");
  assert.equal(planOn({ changes, day: "2026-03-01" }), "2026-08-01");
});

test("summarizePlanning: planned versus actual per key", () => {
  const { figures, rows: out } = summarizePlanning({
    day: DAY,
    institutions: [
      { institutionId: "a", plans: { go_live: { changes: [{ from: null, to: "2026-06-01", on: "2026-01-01" }], actualOn: "2026-05-30" } } },
      { institutionId: "b", plans: { go_live: { changes: [{ from: null, to: "2026-06-01", on: "2026-01-01" }], actualOn: null } } },
      { institutionId: "c", plans: { go_live: { changes: [{ from: null, to: "2027-03-01", on: "2026-01-01" }], actualOn: null }, twiin_signed: { changes: [], actualOn: "2026-02-01" } } },
    ],
  });
  const live = figures.find((f) => f.key === "go_live")!;
  assert.deepEqual(live, { key: "go_live", planned: 3, due: 2, doneOnTime: 1, done: 1, overdue: 1, slipped: 1, afterDeadline: 1 });
  const twiin = figures.find((f) => f.key === "twiin_signed")!;
  assert.deepEqual(twiin, { key: "twiin_signed", planned: 0, due: 0, doneOnTime: 0, done: 1, overdue: 0, slipped: 0, afterDeadline: 0 });
  assert.equal(out.length, 4);
});

type FRow = { name: string; live: number; pending: number; plans: string[]; pace: number; target: number; expect: { plannedByTarget: number; overdue: number; unplanned: number; paceOnlyByTarget: number; combinedByTarget: number; combinedOnTrack: boolean; combinedDate: string | null } };
const TODAY = "2026-10-01"; // 91 days = 13 weeks before 31-12-2026
const frows: FRow[] = [
  { name: "no plans, no pace: no date", live: 30, pending: 100, plans: [], pace: 0, target: 130, expect: { plannedByTarget: 0, overdue: 0, unplanned: 100, paceOnlyByTarget: 30, combinedByTarget: 30, combinedOnTrack: false, combinedDate: null } },
  { name: "pace only: 2 a week for 13 weeks", live: 30, pending: 100, plans: [], pace: 2, target: 130, expect: { plannedByTarget: 0, overdue: 0, unplanned: 100, paceOnlyByTarget: 56, combinedByTarget: 56, combinedOnTrack: false, combinedDate: "2027-09-16" } },
  {
    name: "plans beat the pace: plans count",
    live: 120,
    pending: 10,
    plans: ["2026-10-10", "2026-11-01", "2026-11-15", "2026-12-01", "2026-12-15", "2026-12-20", "2026-12-30", "2026-12-31", "2027-01-15"],
    pace: 0.5,
    target: 128,
    expect: { plannedByTarget: 8, overdue: 0, unplanned: 1, paceOnlyByTarget: 126, combinedByTarget: 128, combinedOnTrack: true, combinedDate: "2026-12-31" },
  },
  { name: "overdue plans are not commitments", live: 10, pending: 5, plans: ["2026-09-01", "2026-09-15", "2026-12-01"], pace: 0, target: 15, expect: { plannedByTarget: 1, overdue: 2, unplanned: 2, paceOnlyByTarget: 10, combinedByTarget: 11, combinedOnTrack: false, combinedDate: null } },
  { name: "pace beats plans: pace brings the unplanned", live: 10, pending: 20, plans: ["2026-12-01"], pace: 1, target: 30, expect: { plannedByTarget: 1, overdue: 0, unplanned: 19, paceOnlyByTarget: 23, combinedByTarget: 23, combinedOnTrack: false, combinedDate: "2027-02-18" } },
  { name: "already at target", live: 130, pending: 3, plans: [], pace: 0, target: 130, expect: { plannedByTarget: 0, overdue: 0, unplanned: 3, paceOnlyByTarget: 130, combinedByTarget: 130, combinedOnTrack: true, combinedDate: TODAY } },
  { name: "too few institutions to reach the target", live: 10, pending: 5, plans: [], pace: 5, target: 20, expect: { plannedByTarget: 0, overdue: 0, unplanned: 5, paceOnlyByTarget: 15, combinedByTarget: 15, combinedOnTrack: false, combinedDate: null } },
];
for (const r of frows) {
  test(`computePlanForecast: ${r.name}`, () => {
    const f = computePlanForecast({ live: r.live, pending: r.pending, goLivePlans: r.plans, pacePerWeek: r.pace, targetCount: r.target, targetDate: "2026-12-31", today: TODAY });
    assert.deepEqual(
      { plannedByTarget: f.plannedByTarget, overdue: f.overdue, unplanned: f.unplanned, paceOnlyByTarget: f.paceOnlyByTarget, combinedByTarget: f.combinedByTarget, combinedOnTrack: f.combinedOnTrack, combinedDate: f.combinedDate },
      r.expect,
    );
  });
}
