import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_MILESTONES,
  evaluateMilestone,
  evaluateMilestones,
  getMetricKey,
  validateMilestones,
  milestoneErrorText,
  milestoneStatusText,
  renderMilestoneExplanation,
  type Milestone,
  type MilestoneStatus,
} from "@/lib/domain/milestones";
import type { BurnUpPoint } from "@/lib/domain/forecast";

const byCode = (code: string) => DEFAULT_MILESTONES.find((m) => m.code === code)!;
const manual = byCode("duo_in_xds_services");
const alphatron = byCode("alphatron_tlb_with_mitz");

test("default milestones follow the programme plan", () => {
  assert.deepEqual(
    DEFAULT_MILESTONES.map((m) => [m.date, m.target]),
    [
      ["2026-01-01", null],
      ["2026-02-01", 12],
      ["2026-06-01", 3],
      ["2026-12-31", 130],
    ],
  );
  assert.deepEqual(validateMilestones({ milestones: DEFAULT_MILESTONES }), []);
});

test("metric keys", () => {
  const table: [Milestone["metric"], string][] = [
    [{ kind: "manual" }, "manual"],
    [{ kind: "institutions_live", vendors: null }, "live"],
    [{ kind: "institutions_live", vendors: ["founda", "enovation"] }, "live:enovation,founda"],
    [{ kind: "institutions_precondition_met", precondition: "mitz_connected", vendors: ["alphatron"] }, "precondition:mitz_connected:alphatron"],
    [{ kind: "infrastructures_live", vendors: ["enovation", "founda", "alphatron"] }, "infrastructures_live:alphatron,enovation,founda"],
  ];
  for (const [metric, key] of table) assert.equal(getMetricKey({ metric }), key);
});

test("manual milestones: met, missed, late, at risk, upcoming", () => {
  const table: { name: string; achievedOn: string | null; today: string; status: MilestoneStatus; text: RegExp }[] = [
    { name: "delivered before the date", achievedOn: "2025-12-20", today: "2026-11-22", status: "met", text: /^Behaald op 20 december 2025\.$/ },
    { name: "delivered on the date", achievedOn: "2026-01-01", today: "2026-01-01", status: "met", text: /Behaald/ },
    { name: "never delivered", achievedOn: null, today: "2026-11-22", status: "missed", text: /^Niet behaald op de streefdatum 1 januari 2026\.$/ },
    { name: "delivered late", achievedOn: "2026-01-15", today: "2026-11-22", status: "missed", text: /^Te laat behaald: op 15 januari 2026/ },
    { name: "close and not delivered", achievedOn: null, today: "2025-12-15", status: "at_risk", text: /over 17 dagen/ },
    { name: "on the date itself, not yet delivered", achievedOn: null, today: "2026-01-01", status: "at_risk", text: /over 0 dagen/ },
    { name: "far ahead", achievedOn: null, today: "2025-10-01", status: "upcoming", text: /over 92 dagen/ },
    { name: "a delivery date after today is ignored", achievedOn: "2025-12-20", today: "2025-10-01", status: "upcoming", text: /Streefdatum/ },
  ];
  for (const r of table) {
    const e = evaluateMilestone({ milestone: { ...manual, achievedOn: r.achievedOn }, today: r.today });
    assert.equal(e.status, r.status, r.name);
    assert.match(renderMilestoneExplanation(e.explanation, "nl"), r.text, r.name);
    assert.equal(e.actual, null);
  }
});

test("counted milestones: target vs actual", () => {
  const table: { name: string; series: BurnUpPoint[]; today: string; status: MilestoneStatus; actual: number; achievedOn: string | null; projected?: string | null }[] = [
    {
      name: "reached before the date",
      series: [
        { date: "2026-01-10", count: 6 },
        { date: "2026-01-20", count: 12 },
        { date: "2026-05-01", count: 20 },
      ],
      today: "2026-11-22",
      status: "met",
      actual: 12, // on the milestone date; currentCount says 20
      achievedOn: "2026-01-20",
    },
    {
      name: "missed, reached later",
      series: [
        { date: "2026-02-01", count: 7 },
        { date: "2026-03-15", count: 12 },
      ],
      today: "2026-11-22",
      status: "missed",
      actual: 7,
      achievedOn: "2026-03-15",
    },
    {
      name: "missed, no progress at all",
      series: [],
      today: "2026-11-22",
      status: "missed",
      actual: 0,
      achievedOn: null,
    },
    {
      name: "ahead and on track",
      series: [
        { date: "2025-12-04", count: 2 },
        { date: "2026-01-01", count: 10 },
      ],
      today: "2026-01-01",
      status: "upcoming",
      actual: 10,
      achievedOn: null,
      projected: "2026-01-13",
    },
    {
      name: "ahead but too slow",
      series: [{ date: "2026-01-01", count: 1 }],
      today: "2026-01-01",
      status: "at_risk",
      actual: 1,
      achievedOn: null,
    },
    {
      name: "no progress yet, date ahead",
      series: [],
      today: "2025-12-01",
      status: "at_risk",
      actual: 0,
      achievedOn: null,
      projected: null,
    },
  ];
  for (const r of table) {
    const e = evaluateMilestone({ milestone: alphatron, series: r.series, today: r.today });
    assert.equal(e.status, r.status, r.name);
    assert.equal(e.actual, r.actual, r.name);
    assert.equal(e.achievedOn, r.achievedOn, r.name);
    assert.equal(e.currentCount, r.series.filter((p) => p.date <= r.today).reduce((a, p) => Math.max(a, p.count), 0), r.name);
    if (r.projected !== undefined) assert.equal(e.projectedDate, r.projected, r.name);
    assert.ok(renderMilestoneExplanation(e.explanation, "nl").length > 10 && renderMilestoneExplanation(e.explanation, "en").length > 10);
  }
});

test("explanations in plain Dutch", () => {
  const missed = evaluateMilestone({
    milestone: alphatron,
    series: [
      { date: "2026-02-01", count: 7 },
      { date: "2026-03-15", count: 12 },
    ],
    today: "2026-11-22",
  });
  assert.equal(renderMilestoneExplanation(missed.explanation, "nl"), "Op 1 februari 2026 stond de teller op 7 van 12; het doel is op 15 maart 2026 alsnog gehaald.");
  const ahead = evaluateMilestone({ milestone: alphatron, series: [{ date: "2025-12-04", count: 2 }, { date: "2026-01-01", count: 10 }], today: "2026-01-01" });
  assert.equal(renderMilestoneExplanation(ahead.explanation, "nl"), "Stand 10 van 12; bij het huidige tempo (1,25 per week) wordt het doel gehaald op 13 januari 2026. Nodig: 0,45 per week tot 1 februari 2026.");
});

test("evaluateMilestones picks each milestone's series by metric key, in date order", () => {
  const out = evaluateMilestones({
    milestones: [...DEFAULT_MILESTONES].reverse().map((m) => (m.code === "duo_in_xds_services" ? { ...m, achievedOn: "2025-12-31" } : m)),
    seriesByMetric: {
      "precondition:mitz_connected:alphatron": [{ date: "2026-01-25", count: 12 }],
      "infrastructures_live:alphatron,enovation,founda": [
        { date: "2026-02-01", count: 2 },
        { date: "2026-06-20", count: 3 },
      ],
      live: [
        { date: "2026-10-25", count: 70 },
        { date: "2026-11-22", count: 80 },
      ],
    },
    today: "2026-11-22",
    windowWeeks: 4,
  });
  assert.deepEqual(
    out.map((e) => [e.code, e.status, e.actual]),
    [
      ["duo_in_xds_services", "met", null],
      ["alphatron_tlb_with_mitz", "met", 12],
      ["all_infrastructures_joined", "missed", 2],
      ["all_institutions_connected", "at_risk", 80],
    ],
  );
  assert.equal(out[3].daysToDate, 39);
  assert.equal(milestoneStatusText(out[3].status, "nl"), "Loopt risico");
});

test("validateMilestones refuses bad edits", () => {
  const table: { name: string; milestones: Milestone[]; codes: string[] }[] = [
    { name: "duplicate", milestones: [alphatron, alphatron], codes: ["duplicate_code"] },
    { name: "bad date", milestones: [{ ...alphatron, date: "2026-13-01" }], codes: ["invalid_date"] },
    { name: "negative target", milestones: [{ ...alphatron, target: -1 }], codes: ["invalid_target"] },
    { name: "counted without target", milestones: [{ ...alphatron, target: null }], codes: ["invalid_target"] },
    { name: "manual with target", milestones: [{ ...manual, target: 5 }], codes: ["invalid_target"] },
  ];
  for (const r of table) {
    const errors = validateMilestones({ milestones: r.milestones });
    assert.deepEqual(errors.map((e) => e.code), r.codes, r.name);
    for (const e of errors) assert.ok(milestoneErrorText(e, "nl").length > 5);
  }
});
