import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_FINANCING_RULE_SETS, computeEligibility, type FinancingRuleSet, type VerifiedStepFact } from "@/lib/domain/financing";
import { GO_LIVE_LEAD_MONTHS, addMonths, conditionStepsOf, planGoLive, withPlannedGoLive } from "@/lib/domain/financing-scenario";
import { computeFinancingOverview, diffOverviews, type InstitutionFinancingInput } from "@/lib/financing/summary";
import { defaultDraftStart, ruleSetInForce } from "@/lib/financing/rule-sets";
import { financingCsv } from "@/lib/financing/csv";
import { financingList } from "@/lib/financing/institution-list";

const RULES = DEFAULT_FINANCING_RULE_SETS;
const TODAY = "2026-11-22";
const f = (stepCode: VerifiedStepFact["stepCode"], metOn: string, endedOn: string | null = null): VerifiedStepFact => ({ stepCode, metOn, endedOn });
const AGREEMENTS = [f("vendor_contract_signed", "2025-06-01"), f("twiin_agreement_signed", "2025-09-01")];
const LIVE = [...AGREEMENTS, f("mitz_connected", "2025-10-01"), f("pacs_integration", "2025-10-15"), f("go_live", "2025-11-01")];

test("addMonths keeps the day and clamps to the month's end", () => {
  const table: [string, number, string][] = [
    ["2026-11-22", 1, "2026-12-22"],
    ["2026-11-22", 3, "2027-02-22"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-12-15", 12, "2027-12-15"],
    ["2026-03-31", -1, "2026-02-28"],
  ];
  for (const [from, n, expected] of table) assert.equal(addMonths(from, n), expected, `${from} + ${n}`);
});

test("planGoLive: a plan wins, an overdue plan means next month, else the phase's lead time", () => {
  const table: { name: string; args: Parameters<typeof planGoLive>[0]; expected: ReturnType<typeof planGoLive> }[] = [
    { name: "live: no plan needed", args: { phase: "live", vendor: "enovation", today: TODAY }, expected: null },
    { name: "no vendor yet: no plan", args: { phase: "agreements", vendor: null, today: TODAY }, expected: null },
    { name: "planned date ahead", args: { phase: "integration", vendor: "founda", today: TODAY, plannedDate: "2026-12-10" }, expected: { date: "2026-12-10", source: "plan" } },
    { name: "planned date passed", args: { phase: "integration", vendor: "founda", today: TODAY, plannedDate: "2026-10-01" }, expected: { date: "2026-12-22", source: "plan_overdue" } },
    { name: "ready for go-live", args: { phase: "ready_for_go_live", vendor: "enovation", today: TODAY }, expected: { date: "2026-12-22", source: "readiness" } },
    { name: "integration", args: { phase: "integration", vendor: "enovation", today: TODAY }, expected: { date: "2027-02-22", source: "readiness" } },
    { name: "not started", args: { phase: "not_started", vendor: "alphatron", today: TODAY }, expected: { date: "2027-11-22", source: "readiness" } },
  ];
  for (const r of table) assert.deepEqual(planGoLive(r.args), r.expected, r.name);
  // Lead times never shrink as an institution gets further.
  const order = ["not_started", "agreements", "mitz_connection", "mitz_filling", "integration", "ready_for_go_live"] as const;
  for (let i = 1; i < order.length; i++) assert.ok(GO_LIVE_LEAD_MONTHS[order[i]] <= GO_LIVE_LEAD_MONTHS[order[i - 1]]);
});

test("withPlannedGoLive adds only the condition steps that do not hold yet, on the planned date", () => {
  const steps = conditionStepsOf(RULES);
  assert.deepEqual([...steps].sort(), ["go_live", "mitz_connected", "pacs_integration", "twiin_agreement_signed", "vendor_contract_signed"]);
  const revoked = [f("vendor_contract_signed", "2025-06-01", "2026-07-15"), f("twiin_agreement_signed", "2025-09-01")];
  const planned = withPlannedGoLive({ facts: revoked, goLiveOn: "2027-03-01", steps });
  assert.deepEqual(
    planned.slice(2).map((x) => [x.stepCode, x.metOn]),
    [
      ["vendor_contract_signed", "2027-03-01"], // the revoked contract must be signed again
      ["mitz_connected", "2027-03-01"],
      ["pacs_integration", "2027-03-01"],
      ["go_live", "2027-03-01"],
    ].sort((a, b) => steps.indexOf(a[0] as never) - steps.indexOf(b[0] as never)),
  );
  const out = computeEligibility({ ruleSets: RULES, vendor: "enovation", verifiedSteps: planned, year: 2027, today: TODAY });
  assert.equal(out.status, "eligible_from");
  assert.equal(out.eligibleFrom, "2027-03-01");
  assert.equal(out.annual[0].amountCents, Math.round((3_500_000 * 10) / 12));
});

const INSTITUTIONS: InstitutionFinancingInput[] = [
  { id: "a", name: "Live Enovation", vendor: "enovation", phase: "live", facts: LIVE },
  { id: "b", name: "Founda in integratie", vendor: "founda", phase: "integration", facts: [...AGREEMENTS, f("mitz_connected", "2026-06-01")] },
  { id: "c", name: "Founda met plan", vendor: "founda", phase: "mitz_filling", facts: AGREEMENTS, plannedGoLive: "2026-12-05" },
  { id: "d", name: "Alphatron live", vendor: "alphatron", phase: "live", facts: LIVE },
  { id: "e", name: "Zonder leverancier", vendor: null, phase: "not_started", facts: [] },
  { id: "f", name: "Overeenkomst opgezegd", vendor: "enovation", phase: "agreements", facts: [f("vendor_contract_signed", "2025-06-01", "2026-07-15"), ...LIVE.slice(1)] },
];

test("programme totals are the sums of the per-institution results, per year and scenario", () => {
  const o = computeFinancingOverview({ institutions: INSTITUTIONS, ruleSets: RULES, today: TODAY });
  assert.deepEqual(o.years, [2026, 2027]);
  for (const y of o.years) {
    for (const scenario of ["committed", "forecast"] as const) {
      const rows = o.rows.map((r) => r[scenario][y]);
      const tt = o.totals[y][scenario];
      assert.equal(tt.totalCents, rows.reduce((s, r) => s + r.totalCents, 0), `${y} ${scenario}`);
      assert.equal(tt.byVendorCents.enovation + tt.byVendorCents.founda + tt.byVendorCents.alphatron, tt.totalCents);
      assert.equal(tt.institutions, INSTITUTIONS.length);
    }
  }
  // Committed 2026: the live Enovation all year, the revoked one January-June.
  assert.equal(o.totals[2026].committed.totalCents, 3_500_000 + 1_750_000);
  // Forecast 2026: "c" goes live on 5 December (planned): one month; "b" in February 2027.
  assert.equal(o.totals[2026].forecast.totalCents - o.totals[2026].committed.totalCents, Math.round(3_500_000 / 12));
  const b = o.rows.find((r) => r.id === "b")!;
  assert.deepEqual(b.planned, { date: "2027-02-22", source: "readiness" });
  assert.equal(b.forecast[2027].totalCents, Math.round((3_500_000 * 11) / 12));
  assert.equal(o.rows.find((r) => r.id === "e")!.planned, null);
  assert.equal(o.rows.find((r) => r.id === "d")!.forecast[2026], o.rows.find((r) => r.id === "d")!.committed[2026]);
});

test("a what-if with a new version raises exactly the institutions it applies to", () => {
  const v2: FinancingRuleSet = {
    ...RULES[0],
    version: 2,
    effectiveFrom: "2027-01-01",
    rules: RULES[0].rules.map((r) => (r.code === "duo_annual_compensation" ? { ...r, amounts: { enovation: 4_000_000, founda: 4_000_000 } } : r)),
  };
  const before = computeFinancingOverview({ institutions: INSTITUTIONS, ruleSets: RULES, today: TODAY });
  const after = computeFinancingOverview({ institutions: INSTITUTIONS, ruleSets: [...RULES, v2], today: TODAY });
  assert.equal(after.totals[2026].committed.totalCents, before.totals[2026].committed.totalCents);
  assert.equal(after.totals[2027].committed.totalCents - before.totals[2027].committed.totalCents, 500_000);
  const changed = diffOverviews(before, after);
  // "f" re-signs in the forecast (planned go-live in August 2027), so its forecast changes too.
  assert.deepEqual(changed.map((c) => c.id).sort(), ["a", "b", "c", "f"]);
});

test("rule set helpers: the version in force and a draft's default start", () => {
  const v2 = { ...RULES[0], version: 2, effectiveFrom: "2027-01-01" };
  assert.equal(ruleSetInForce([RULES[0], v2], "2026-12-31")?.version, 1);
  assert.equal(ruleSetInForce([RULES[0], v2], "2027-01-01")?.version, 2);
  assert.equal(ruleSetInForce([RULES[0]], "2025-12-31"), null);
  assert.equal(ruleSetInForce([{ ...RULES[0], effectiveUntil: "2026-06-30" }], "2026-07-01"), null);
  assert.equal(defaultDraftStart({ today: "2026-11-22", latestFrom: "2026-01-01" }), "2026-12-01");
  assert.equal(defaultDraftStart({ today: "2026-12-02", latestFrom: "2026-01-01" }), "2027-01-01");
  assert.equal(defaultDraftStart({ today: "2026-11-22", latestFrom: "2027-01-01" }), "2027-02-01");
});

test("the CSV has one row per institution and a total row equal to their sum, formula-safe", () => {
  const o = computeFinancingOverview({ institutions: [...INSTITUTIONS, { id: "x", name: "=HYPERLINK(\"evil\")", vendor: "enovation", phase: "live", facts: LIVE }], ruleSets: RULES, today: TODAY });
  const csv = financingCsv(o, { phaseLabel: (p) => p, statusLabel: (s) => s, vendorLabel: (v) => v ?? "geen", sourceLabel: (s) => s });
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  assert.equal(lines.length, 1 + 7 + 1);
  const header = lines[0].split(";");
  const col = header.indexOf("toegezegd_totaal_2026");
  assert.ok(col > 0);
  const cents = (s: string) => Math.round(Number(s.replace(",", ".")) * 100);
  const body = lines.slice(1, -1).map((l) => l.split(";"));
  const total = lines.at(-1)!.split(";");
  assert.equal(total[0], "Totaal");
  assert.equal(cents(total[col]), body.reduce((s, r) => s + cents(r[col]), 0));
  assert.equal(cents(total[col]), o.totals[2026].committed.totalCents);
  assert.ok(csv.includes(`'=HYPERLINK`), "a formula in a name is defused");
});

test("the CSV of a selection lists only its rows and totals exactly those", () => {
  const o = computeFinancingOverview({ institutions: INSTITUTIONS, ruleSets: RULES, today: TODAY });
  const { rows } = financingList(o.rows, o.years, { vendor: "enovation" });
  assert.ok(rows.length > 0 && rows.length < o.rows.length, "the filter selects some, not all");
  const csv = financingCsv(o, { phaseLabel: (p) => p, statusLabel: (s) => s, vendorLabel: (v) => v ?? "geen", sourceLabel: (s) => s }, rows);
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  assert.equal(lines.length, 1 + rows.length + 1);
  const header = lines[0].split(";");
  const cents = (s: string) => Math.round(Number(s.replace(",", ".")) * 100);
  for (const name of ["toegezegd_totaal_2026", "toegezegd_jaarlijks_2027", "prognose_totaal_2027"]) {
    const col = header.indexOf(name);
    const body = lines.slice(1, -1).map((l) => l.split(";"));
    assert.equal(cents(lines.at(-1)!.split(";")[col]), body.reduce((s, r) => s + cents(r[col]), 0), name);
  }
  assert.deepEqual(lines.slice(1, -1).map((l) => l.split(";")[1]), rows.map(() => "enovation"));
});
