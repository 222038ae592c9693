import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { applyMilestoneEdit, buildNewMilestone, milestoneCreateSchema, milestoneEditSchema, newMilestoneCode, type MilestoneCreateInput } from "@/lib/dashboard/milestone-input";
import { buildProgressCsv, progressCsvHeaders } from "@/lib/dashboard/csv";
import { pickProgrammeTarget, summarizeAggregates } from "@/lib/dashboard/model";
import { DEFAULT_MILESTONES } from "@/lib/domain/milestones";
import { STEP_CATALOGUE } from "@/lib/domain/steps";

const TODAY = "2026-11-22";

describe("parseDashboardParams", () => {
  const cases: [string, Record<string, string>, ReturnType<typeof parseDashboardParams>][] = [
    ["defaults", {}, { asOf: null, weeks: 8, dateError: false, weeksError: false, table: false }],
    ["a past date and weeks", { asOf: "2026-03-01", weeks: "4" }, { asOf: "2026-03-01", weeks: 4, dateError: false, weeksError: false, table: false }],
    ["today means now", { asOf: TODAY }, { asOf: null, weeks: 8, dateError: false, weeksError: false, table: false }],
    ["future date refused", { asOf: "2026-12-01" }, { asOf: null, weeks: 8, dateError: true, weeksError: false, table: false }],
    ["impossible date refused", { asOf: "2026-02-30" }, { asOf: null, weeks: 8, dateError: true, weeksError: false, table: false }],
    ["weeks out of range", { weeks: "53" }, { asOf: null, weeks: 8, dateError: false, weeksError: true, table: false }],
    ["weeks not whole", { weeks: "2.5" }, { asOf: null, weeks: 8, dateError: false, weeksError: true, table: false }],
    ["table on request", { table: "1" }, { asOf: null, weeks: 8, dateError: false, weeksError: false, table: true }],
    ["table anything else is off", { table: "yes" }, { asOf: null, weeks: 8, dateError: false, weeksError: false, table: false }],
    ["weeks 52 ok", { weeks: "52" }, { asOf: null, weeks: 52, dateError: false, weeksError: false, table: false }],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.deepEqual(parseDashboardParams(input, TODAY), expected));
  test("URLSearchParams work too", () => assert.equal(parseDashboardParams(new URLSearchParams("asOf=2026-01-01"), TODAY).asOf, "2026-01-01"));
});

describe("applyMilestoneEdit", () => {
  const manual = DEFAULT_MILESTONES[0];
  const counted = DEFAULT_MILESTONES[1];
  const base = (m: typeof manual, over: Record<string, string> = {}) =>
    milestoneEditSchema.parse({ code: m.code, version: 1, date: m.date, target: m.target === null ? "" : String(m.target), achievedOn: "", titleNl: m.title.nl, titleEn: m.title.en, ...over });
  const cases: [string, typeof manual, Record<string, string>, Record<string, string[]> | null][] = [
    ["counted: new target", counted, { target: "14" }, null],
    ["counted: target not a number", counted, { target: "abc" }, { target: ["dashboard.v_target"] }],
    ["counted: negative target", counted, { target: "-1" }, { target: ["dashboard.v_target"] }],
    ["counted: achieved date not allowed", counted, { achievedOn: "2026-01-01" }, { achievedOn: ["dashboard.v_achieved_manual"] }],
    ["manual: achieved date", manual, { achievedOn: "2026-01-02" }, null],
    ["manual: achieved in the future", manual, { achievedOn: "2026-12-01" }, { achievedOn: ["dashboard.v_achieved_future"] }],
    ["manual: no target", manual, { target: "3" }, { target: ["dashboard.v_target_manual"] }],
  ];
  for (const [name, m, over, errors] of cases) {
    test(name, () => {
      const res = applyMilestoneEdit({ current: m, input: base(m, over), today: TODAY });
      if (errors === null) {
        assert.ok(res.ok);
        assert.deepEqual(res.milestone.metric, m.metric, "the metric never changes");
      } else {
        assert.ok(!res.ok);
        assert.deepEqual(res.fieldErrors, errors);
      }
    });
  }
  test("the schema refuses a bad date and a short title", () => {
    const r = milestoneEditSchema.safeParse({ code: "x", version: 1, date: "2026-13-01", target: "", achievedOn: "", titleNl: "ab", titleEn: "abc" });
    assert.ok(!r.success);
    assert.deepEqual(Object.keys(r.error.flatten().fieldErrors).sort(), ["date", "titleNl"]);
  });
});

describe("summaries", () => {
  test("pickProgrammeTarget takes the latest all-institutions-live milestone, else the total by 31-12-2026", () => {
    assert.deepEqual(pickProgrammeTarget(DEFAULT_MILESTONES, 99), { date: "2026-12-31", count: 130 });
    assert.deepEqual(pickProgrammeTarget([], 99), { date: "2026-12-31", count: 99 });
  });
  test("summarizeAggregates with no rows is all zeros", () => {
    const s = summarizeAggregates([]);
    assert.equal(s.total, 0);
    assert.equal(s.byPhase.live, 0);
    assert.deepEqual(s.preconditionMet, { agreements: 0, mitz_connected: 0, mitz_filled: 0 });
  });
});

describe("buildProgressCsv", () => {
  test("one row per institution, three columns per step, formula-safe, open steps without dates", () => {
    const csv = buildProgressCsv({
      day: "2026-11-22",
      institutions: [{ id: "a", name: "=HYPERLINK(\"x\")", ura: "12345678", kind: "hospital", province: "UT", city: "Utrecht", vendor_code: "founda", phase: "agreements", percent: 7, blocking_precondition: "agreements", phase_started_on: "2026-11-01", is_live: false, awaiting_verification: 1 }],
      steps: [
        { institution_id: "a", step_code: "vendor_chosen", state: "verified", completed_on: "2026-10-30", at: "2026-11-01T09:00:00Z" },
        { institution_id: "a", step_code: "twiin_intent", state: "open", completed_on: "2026-10-01", at: "2026-11-02T09:00:00Z" },
      ],
    });
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.equal(lines.length, 2);
    assert.equal(lines[0].split(";").length, progressCsvHeaders().length);
    assert.equal(progressCsvHeaders().length, 13 + 3 * STEP_CATALOGUE.length);
    assert.ok(lines[1].startsWith(`"'=HYPERLINK`) || lines[1].startsWith("'=HYPERLINK"), lines[1]);
    assert.match(lines[1], /Geverifieerd;2026-10-30;2026-11-01/);
    assert.match(lines[1], /;21;7;/, "days in phase and percent");
    assert.match(lines[1], /Open;;2026-11-02/, "an open step has no completion date");
  });
});

describe("buildNewMilestone and newMilestoneCode", () => {
  const input = (over: Partial<MilestoneCreateInput> = {}) =>
    milestoneCreateSchema.parse({ titleNl: "Golf 2", titleEn: "Wave 2", descriptionNl: "", descriptionEn: "", date: "2027-06-30", metricKind: "institutions_live", precondition: "", vendors: [], target: "10", ...over });
  const cases: [string, Partial<MilestoneCreateInput>, object | null][] = [
    ["live, all vendors", {}, { kind: "institutions_live", vendors: null }],
    ["live, one vendor", { vendors: ["alphatron", "alphatron"] }, { kind: "institutions_live", vendors: ["alphatron"] }],
    ["precondition", { metricKind: "institutions_precondition_met", precondition: "mitz_connected" }, { kind: "institutions_precondition_met", precondition: "mitz_connected", vendors: null }],
    ["infrastructures need vendors", { metricKind: "infrastructures_live" }, null],
    ["infrastructures of two vendors", { metricKind: "infrastructures_live", vendors: ["enovation", "founda"] }, { kind: "infrastructures_live", vendors: ["enovation", "founda"] }],
    ["manual without target", { metricKind: "manual", target: "" }, { kind: "manual" }],
    ["manual with a target", { metricKind: "manual", target: "4" }, null],
    ["unknown precondition", { metricKind: "institutions_precondition_met", precondition: "x" }, null],
    ["unknown vendor", { vendors: ["acme"] }, null],
    ["target too big", { target: "100001" }, null],
  ];
  for (const [name, over, metric] of cases) {
    test(name, () => {
      const res = buildNewMilestone({ input: input(over), existingCodes: new Set() });
      if (metric === null) assert.ok(!res.ok);
      else {
        assert.ok(res.ok, JSON.stringify(!res.ok && res.fieldErrors));
        assert.deepEqual(res.milestone.metric, metric);
        assert.equal(res.milestone.target, over.metricKind === "manual" ? null : 10);
      }
    });
  }
  test("codes are slugs of the Dutch title, unique", () => {
    assert.equal(newMilestoneCode("Alphatron-golf 2: 55+ live", new Set()), "custom_alphatron_golf_2_55_live");
    assert.equal(newMilestoneCode("Één café", new Set(["custom_een_cafe"])), "custom_een_cafe_2");
    assert.equal(newMilestoneCode("!!!", new Set()), "custom_mijlpaal");
  });
  test("the schema refuses an unknown metric and a bad date", () => {
    assert.ok(!milestoneCreateSchema.safeParse({ ...input(), metricKind: "everything" }).success);
    assert.ok(!milestoneCreateSchema.safeParse({ ...input(), date: "30-06-2027" }).success);
  });
});
