import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_FINANCING_RULE_SETS,
  computeEligibility,
  deriveVerifiedStepFacts,
  renderExplanation,
  ruleSetErrorText,
  summarizeEligibility,
  toVerifiedStepFacts,
  validateRuleSet,
  validateRuleSets,
  type EligibilityStatus,
  type FinancingRuleSet,
  type VerifiedStepFact,
} from "@/lib/domain/financing";
import type { StepEvent } from "@/lib/domain/phase-at";
import type { StepCode } from "@/lib/domain/steps";
import type { Vendor, VendorPeriod } from "@/lib/domain/vendors";
import { buildSteps } from "./helpers";

const RULES = DEFAULT_FINANCING_RULE_SETS;
const V1 = RULES[0];
const TODAY = "2026-11-22";
const EUR = (e: number) => Math.round(e * 100);

function facts(map: Partial<Record<StepCode, string | [string, string]>>): VerifiedStepFact[] {
  return Object.entries(map).map(([stepCode, v]) =>
    Array.isArray(v) ? { stepCode: stepCode as StepCode, metOn: v[0], endedOn: v[1] } : { stepCode: stepCode as StepCode, metOn: v },
  );
}

const AGREEMENTS = { vendor_contract_signed: "2025-06-01", twiin_agreement_signed: "2025-09-01" } as const;
const LIVE_SINCE_2025 = facts({ ...AGREEMENTS, mitz_connected: "2025-10-01", pacs_integration: "2025-10-15", go_live: "2025-11-01" });
const LIVE_MARCH_2026 = facts({ ...AGREEMENTS, mitz_connected: "2026-01-15", pacs_integration: "2026-02-20", go_live: "2026-03-10" });

type Row = {
  name: string;
  vendor?: Vendor | null;
  vendorHistory?: VendorPeriod[];
  steps: VerifiedStepFact[];
  year?: number;
  today?: string;
  ruleSets?: readonly FinancingRuleSet[];
  status: EligibilityStatus;
  eligibleFrom?: string | null;
  annualCents: number;
  months?: number[];
  byVendor?: Partial<Record<Vendor, number>>;
  oneOff?: [string, string, number | null, boolean][]; // ruleCode, dueOn, amount, inYear
  missing?: string[];
  explanation?: RegExp[];
};

const V2_40K: FinancingRuleSet = {
  ...V1,
  version: 2,
  effectiveFrom: "2026-07-01",
  reviewDate: "2027-07-01",
  changeNote: { nl: "Bedrag verhoogd naar € 40.000.", en: "Amount raised to EUR 40,000." },
  rules: V1.rules.map((r) => (r.code === "duo_annual_compensation" ? { ...r, amounts: { enovation: EUR(40000), founda: EUR(40000) } } : r)),
};

const NO_PRO_RATA: FinancingRuleSet = {
  ...V1,
  rules: V1.rules.map((r) => (r.code === "duo_annual_compensation" ? { ...r, proRata: "none" as const } : r)),
};

const rows: Row[] = [
  {
    name: "Enovation, live all year",
    vendor: "enovation",
    steps: LIVE_SINCE_2025,
    status: "eligible",
    eligibleFrom: "2026-01-01", // the rule set starts then
    annualCents: EUR(35000),
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    oneOff: [["pacs_integration_one_off", "2026-01-31", null, true]],
    explanation: [/komt in aanmerking voor: „Jaarlijkse tegemoetkoming DUO-aansluiting \(incl\. Mitz\)”/, /€ 35\.000 \(het hele jaar\)/, /bedrag nog niet vastgesteld/, /PACS zelf worden niet gefinancierd/],
  },
  {
    name: "Founda, live from March: pro rata from March",
    vendor: "founda",
    steps: LIVE_MARCH_2026,
    status: "eligible",
    eligibleFrom: "2026-02-20", // the earliest eligible rule: the PACS one-off
    annualCents: 2916667, // 35,000 x 10/12
    months: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    oneOff: [["pacs_integration_one_off", "2026-02-28", null, true]],
    explanation: [/naar rato \(10 maanden, vanaf maart\)/],
  },
  {
    name: "go-live in December: one month this year",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-10" }),
    today: "2026-12-20",
    status: "eligible",
    eligibleFrom: "2026-12-10",
    annualCents: 291667,
    months: [12],
    oneOff: [],
    explanation: [/€ 2\.916,67 naar rato \(1 maand, vanaf december\)/],
  },
  {
    name: "go-live in December, the next year in full",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-10" }),
    today: "2026-12-20",
    year: 2027,
    status: "eligible",
    annualCents: EUR(35000),
  },
  {
    name: "planned go-live in December (what-if): eligible from that date",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-10" }),
    status: "eligible_from",
    eligibleFrom: "2026-12-10",
    annualCents: 291667,
    explanation: [/^Deze instelling komt in aanmerking vanaf 10 december 2026\./],
  },
  {
    name: "vendor contract revoked mid-July: eligibility ends, July not paid",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, vendor_contract_signed: ["2025-06-01", "2026-07-15"], mitz_connected: "2025-10-01", go_live: "2025-11-01" }),
    status: "not_yet",
    annualCents: EUR(17500),
    months: [1, 2, 3, 4, 5, 6],
    missing: ["vendor_contract_signed", "pacs_integration"],
    explanation: [/^Deze instelling komt nog niet in aanmerking\. Nog nodig: „Overeenkomst met leverancier getekend”, „Tijdlijn geïntegreerd in het PACS”\./],
  },
  {
    name: "Alphatron user: basic service via VZVZ, no annual payment; PACS one-off amount to be determined",
    vendor: "alphatron",
    steps: LIVE_SINCE_2025,
    status: "eligible",
    annualCents: 0,
    oneOff: [["pacs_integration_one_off", "2026-01-31", null, true]],
    explanation: [/Beeldtijdlijn wordt centraal gefinancierd via VZVZ/, /geen betaling per instelling/, /bedrag nog niet vastgesteld/],
  },
  {
    name: "Alphatron user without PACS integration",
    vendor: "alphatron",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2025-10-01" }),
    status: "not_yet",
    annualCents: 0,
    missing: ["pacs_integration"],
    explanation: [/VZVZ/],
  },
  {
    name: "no vendor yet",
    vendor: null,
    steps: facts({ twiin_agreement_signed: "2026-05-01" }),
    status: "not_yet",
    annualCents: 0,
    missing: ["vendor", "vendor_contract_signed", "mitz_connected", "pacs_integration", "go_live"],
    explanation: [/Leverancier gekozen/],
  },
  {
    name: "vendor switch Enovation -> Alphatron on 1 July: half a year",
    vendorHistory: [
      { vendor: "enovation", from: "2024-01-01" },
      { vendor: "alphatron", from: "2026-07-01" },
    ],
    steps: LIVE_SINCE_2025,
    status: "eligible", // the PACS one-off, for the Alphatron user it now is
    annualCents: EUR(17500),
    months: [1, 2, 3, 4, 5, 6],
    byVendor: { enovation: EUR(17500) },
    explanation: [/VZVZ/, /6 maanden, vanaf januari/],
  },
  {
    name: "vendor switch Enovation -> Founda on 1 July: whole year, split per vendor",
    vendorHistory: [
      { vendor: "enovation", from: "2024-01-01" },
      { vendor: "founda", from: "2026-07-01" },
    ],
    steps: LIVE_SINCE_2025,
    status: "eligible",
    eligibleFrom: "2026-07-01",
    annualCents: EUR(35000),
    byVendor: { enovation: EUR(17500), founda: EUR(17500) },
  },
  {
    name: "amount changed by a new rule version on 1 July",
    vendor: "founda",
    steps: LIVE_SINCE_2025,
    ruleSets: [V1, V2_40K],
    status: "eligible",
    eligibleFrom: "2026-07-01",
    annualCents: EUR(17500) + EUR(20000),
    explanation: [/€ 37\.500/, /Versie 1, Founda Health: € 35\.000 per jaar, 6 maanden/, /Versie 2, Founda Health: € 40\.000 per jaar, 6 maanden/, /volgende herziening: 1 juli 2027/],
  },
  {
    name: "a rule without pro rata pays the full year for a December go-live",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-10" }),
    today: "2026-12-20",
    ruleSets: [NO_PRO_RATA],
    status: "eligible",
    annualCents: EUR(35000),
    months: [12],
  },
  {
    name: "before any rule set is in effect: eligible from its start",
    vendor: "enovation",
    steps: LIVE_SINCE_2025,
    today: "2025-11-22",
    year: 2025,
    status: "eligible_from",
    eligibleFrom: "2026-01-01",
    annualCents: 0,
  },
  {
    name: "no rule sets at all",
    vendor: "enovation",
    steps: LIVE_SINCE_2025,
    ruleSets: [],
    status: "not_applicable",
    annualCents: 0,
    explanation: [/geen financieringsregeling van kracht/],
  },
];

for (const r of rows) {
  test(`eligibility: ${r.name}`, () => {
    const out = computeEligibility({
      ruleSets: r.ruleSets ?? RULES,
      vendor: r.vendor,
      vendorHistory: r.vendorHistory,
      verifiedSteps: r.steps,
      year: r.year ?? 2026,
      today: r.today ?? TODAY,
    });
    assert.equal(out.status, r.status, "status");
    if (r.eligibleFrom !== undefined) assert.equal(out.eligibleFrom, r.eligibleFrom, "eligibleFrom");
    const annual = out.annual.reduce((s, a) => s + a.amountCents, 0);
    assert.equal(annual, r.annualCents, "annual cents");
    if (r.months) assert.deepEqual(out.annual[0]?.months ?? [], r.months, "months");
    if (r.byVendor) assert.deepEqual(out.byVendorCents, r.byVendor, "by vendor");
    if (r.oneOff) assert.deepEqual(out.oneOff.map((o) => [o.ruleCode, o.dueOn, o.amountCents, o.inYear]), r.oneOff, "one-off");
    if (r.missing) assert.deepEqual(out.missing.map((m) => (m.kind === "vendor" ? "vendor" : m.stepCode)), r.missing, "missing");
    for (const re of r.explanation ?? []) assert.match(renderExplanation(out.explanation, "nl"), re);
    assert.ok(renderExplanation(out.explanation, "en").length > 20);
    // The year's total is always the sum of its parts.
    const oneOffCents = out.oneOff.filter((o) => o.inYear).reduce((s, o) => s + (o.amountCents ?? 0), 0);
    assert.equal(out.totalCents, annual + oneOffCents);
    assert.equal(Object.values(out.byVendorCents).reduce((s, c) => s + (c ?? 0), 0), out.totalCents);
  });
}

test("each rule carries its own status and date", () => {
  const out = computeEligibility({ ruleSets: RULES, vendor: "founda", verifiedSteps: LIVE_MARCH_2026, year: 2026, today: TODAY });
  assert.deepEqual(
    out.rules.map((r) => [r.ruleCode, r.kind, r.status, r.eligibleFrom]),
    [
      ["duo_annual_compensation", "annual", "eligible", "2026-03-10"],
      ["pacs_integration_one_off", "one_off", "eligible", "2026-02-20"],
    ],
  );
  assert.equal(out.ruleSetVersion, 1);
  assert.equal(out.reviewDate, "2026-12-01");
});

test("no-vendor result names the vendors a rule could apply to", () => {
  const out = computeEligibility({ ruleSets: RULES, vendor: null, verifiedSteps: [], year: 2026, today: TODAY });
  const v = out.missing.find((m) => m.kind === "vendor");
  assert.ok(v && v.kind === "vendor");
  assert.deepEqual(v.vendors, ["enovation", "founda", "alphatron"]);
  assert.deepEqual(out.centralFunding, []);
});

test("Alphatron result shows the central funding as such", () => {
  const out = computeEligibility({ ruleSets: RULES, vendor: "alphatron", verifiedSteps: LIVE_SINCE_2025, year: 2026, today: TODAY });
  assert.deepEqual(out.centralFunding.map((c) => [c.ruleCode, c.fundedBy?.nl]), [["beeldtijdlijn_basic_service", "VZVZ"]]);
  assert.equal(out.rules.find((r) => r.ruleCode === "duo_annual_compensation")!.status, "not_applicable");
  assert.equal(out.hasAmountToBeDetermined, true);
});

test("programme totals equal the sum of the institution results", () => {
  const institutions: { vendor?: Vendor | null; vendorHistory?: VendorPeriod[]; steps: VerifiedStepFact[] }[] = [
    { vendor: "enovation", steps: LIVE_SINCE_2025 },
    { vendor: "founda", steps: LIVE_MARCH_2026 },
    { vendor: "alphatron", steps: LIVE_SINCE_2025 },
    { vendor: null, steps: [] },
    { vendor: "enovation", steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-10" }) },
    {
      vendorHistory: [
        { vendor: "enovation", from: "2024-01-01" },
        { vendor: "founda", from: "2026-04-01" },
      ],
      steps: LIVE_MARCH_2026,
    },
  ];
  const results = institutions.map((i) =>
    computeEligibility({ ruleSets: RULES, vendor: i.vendor, vendorHistory: i.vendorHistory, verifiedSteps: i.steps, year: 2026, today: TODAY }),
  );
  const totals = summarizeEligibility({ results });
  assert.equal(totals.institutions, 6);
  assert.equal(totals.totalCents, results.reduce((s, r) => s + r.totalCents, 0));
  assert.equal(totals.annualCents, EUR(35000) + 2916667 + 291667 + 2916667);
  assert.deepEqual(totals.byVendorCents, {
    enovation: EUR(35000) + 291667 + 291667, // the switcher's March was at Enovation: 35,000 / 12
    founda: 2916667 + 2625000, // April-December at Founda
    alphatron: 0,
  });
  assert.equal(totals.byVendorCents.enovation + totals.byVendorCents.founda + totals.byVendorCents.alphatron, totals.totalCents);
  assert.deepEqual(totals.byStatus, { eligible: 4, eligible_from: 1, not_yet: 1, not_applicable: 0 });
  assert.equal(totals.withAmountToBeDetermined, 4);
  assert.throws(() => summarizeEligibility({ results: [results[0], { ...results[1], year: 2027 }] }), RangeError);
});

test("facts from the step history: a revoked agreement ends on its own date", () => {
  const events: StepEvent[] = [
    { stepCode: "vendor_contract_signed", state: "reported", at: "2025-06-02T09:00:00Z", completedOn: "2025-06-01" },
    { stepCode: "vendor_contract_signed", state: "verified", at: "2025-06-03T09:00:00Z" },
    { stepCode: "vendor_contract_signed", state: "open", at: "2026-07-20T09:00:00Z", completedOn: "2026-07-15" },
    { stepCode: "go_live", state: "reported", at: "2025-11-02T09:00:00Z", completedOn: "2025-11-01" },
    { stepCode: "go_live", state: "verified", at: "2025-11-03T09:00:00Z" },
    { stepCode: "mitz_connected", state: "reported", at: "2025-10-02T09:00:00Z", completedOn: "2025-10-01" },
    { stepCode: "mitz_connected", state: "rejected", at: "2025-10-03T09:00:00Z" },
    { stepCode: "mitz_connected", state: "reported", at: "2025-10-04T09:00:00Z", completedOn: "2025-10-01" },
    { stepCode: "mitz_connected", state: "verified", at: "2025-10-05T09:00:00Z" },
    { stepCode: "twiin_agreement_signed", state: "reported", at: "2025-09-02T09:00:00Z", completedOn: "2025-09-01" },
    { stepCode: "twiin_agreement_signed", state: "verified", at: "2025-09-03T09:00:00Z" },
  ];
  const derived = deriveVerifiedStepFacts({ events });
  assert.deepEqual(
    derived.map((f) => [f.stepCode, f.metOn, f.endedOn ?? null]).sort(),
    [
      ["go_live", "2025-11-01", null],
      ["mitz_connected", "2025-10-01", null],
      ["twiin_agreement_signed", "2025-09-01", null],
      ["vendor_contract_signed", "2025-06-01", "2026-07-15"],
    ],
  );
  const out = computeEligibility({ ruleSets: RULES, vendor: "enovation", verifiedSteps: derived, year: 2026, today: TODAY });
  assert.equal(out.annual[0].amountCents, EUR(17500));
  assert.equal(out.status, "not_yet");
});

test("facts from current step states", () => {
  const steps = buildSteps({ go_live: ["verified", "2026-03-10"], mitz_connected: ["reported", "2026-01-01"], dpia_completed: ["verified", "2026-02-01"] });
  assert.deepEqual(toVerifiedStepFacts({ steps }), [
    { stepCode: "dpia_completed", metOn: "2026-02-01" },
    { stepCode: "go_live", metOn: "2026-03-10" },
  ]);
});

// ---------------------------------------------------------------------------------------------

test("the default rule set is valid", () => {
  assert.deepEqual(validateRuleSets({ ruleSets: RULES }), []);
  assert.deepEqual(validateRuleSets({ ruleSets: [V1, V2_40K] }), []);
  assert.equal(V1.rules.find((r) => r.code === "duo_annual_compensation")!.amounts.enovation, 3_500_000);
  assert.equal(V1.rules.find((r) => r.code === "pacs_integration_one_off")!.amounts.alphatron, null);
});

test("validateRuleSets refuses bad rule sets with a clear message", () => {
  const annual = V1.rules[0];
  const table: { name: string; ruleSets: FinancingRuleSet[]; codes: string[] }[] = [
    { name: "overlapping periods", ruleSets: [{ ...V1, effectiveUntil: "2026-12-31" }, V2_40K], codes: ["overlapping_period"] },
    { name: "same start date", ruleSets: [V1, { ...V2_40K, effectiveFrom: V1.effectiveFrom }], codes: ["overlapping_period"] },
    { name: "end before start", ruleSets: [{ ...V1, effectiveUntil: "2025-12-31" }], codes: ["invalid_period"] },
    { name: "invalid date", ruleSets: [{ ...V1, effectiveFrom: "1-1-2026" }], codes: ["invalid_date"] },
    { name: "negative amount", ruleSets: [{ ...V1, rules: [{ ...annual, amounts: { enovation: -100 } }] }], codes: ["negative_amount"] },
    { name: "fractional cents", ruleSets: [{ ...V1, rules: [{ ...annual, amounts: { enovation: 10.5 } }] }], codes: ["invalid_amount"] },
    { name: "unknown step in a rule", ruleSets: [{ ...V1, rules: [{ ...annual, conditions: ["go_live", "mitz_happy" as StepCode] }] }], codes: ["unknown_step"] },
    { name: "unknown step in the package", ruleSets: [{ ...V1, packageConditions: ["signed_in_blood" as StepCode] }], codes: ["unknown_step"] },
    { name: "unknown vendor", ruleSets: [{ ...V1, rules: [{ ...annual, amounts: { philips: 100 } as never }] }], codes: ["unknown_vendor"] },
    { name: "no vendors", ruleSets: [{ ...V1, rules: [{ ...annual, amounts: {} }] }], codes: ["no_vendors"] },
    { name: "central funding with an amount", ruleSets: [{ ...V1, rules: [{ ...V1.rules[1], amounts: { alphatron: 100 } }] }], codes: ["central_funding_with_amount"] },
    { name: "duplicate rule code", ruleSets: [{ ...V1, rules: [annual, annual] }], codes: ["duplicate_rule_code"] },
    { name: "duplicate version", ruleSets: [V1, { ...V2_40K, version: 1 }], codes: ["duplicate_version"] },
  ];
  for (const r of table) {
    const errors = validateRuleSets({ ruleSets: r.ruleSets });
    assert.deepEqual(errors.map((e) => e.code), r.codes, r.name);
    for (const e of errors) assert.ok(ruleSetErrorText(e, "nl").length > 10, r.name);
  }
  const [neg] = validateRuleSets({ ruleSets: [{ ...V1, rules: [{ ...annual, amounts: { enovation: -100 } }] }] });
  assert.equal(ruleSetErrorText(neg, "nl"), "Regel duo_annual_compensation: het bedrag voor Enovation mag niet negatief zijn.");
  const [unknown] = validateRuleSets({ ruleSets: [{ ...V1, rules: [{ ...annual, conditions: ["mitz_happy" as StepCode] }] }] });
  assert.equal(ruleSetErrorText(unknown, "nl"), "Versie 1, regel duo_annual_compensation: de voorwaarde verwijst naar een onbekende stap „mitz_happy”.");
});

test("validateRuleSet checks a new version against the stored ones", () => {
  const stored = [{ ...V1, effectiveUntil: "2026-09-30" }];
  assert.deepEqual(validateRuleSet({ ruleSet: { ...V2_40K, effectiveFrom: "2026-10-01" }, otherRuleSets: stored }), []);
  const errors = validateRuleSet({ ruleSet: V2_40K, otherRuleSets: stored });
  assert.deepEqual(errors.map((e) => e.code), ["overlapping_period"]);
  assert.match(ruleSetErrorText(errors[0], "nl"), /^Versie 2 \(vanaf 1 juli 2026\) overlapt met versie 1\./);
});

// ---------------------------------------------------------------------------------------------
// More edges (issue 8): the Twiin agreement revoked, a one-off amount set by a later version,
// a switch into the XDS world, and a go-live on the very last day of the year.

const V2_ONE_OFF: FinancingRuleSet = {
  ...V1,
  version: 2,
  effectiveFrom: "2026-07-01",
  rules: V1.rules.map((r) => (r.code === "pacs_integration_one_off" ? { ...r, amounts: { enovation: EUR(12500), founda: EUR(12500), alphatron: EUR(10000) } } : r)),
};

const moreRows: Row[] = [
  {
    name: "Twiin agreement revoked on 1 October: the integral package stops, October not paid",
    vendor: "founda",
    steps: facts({ ...AGREEMENTS, twiin_agreement_signed: ["2025-09-01", "2026-10-01"], mitz_connected: "2025-10-01", pacs_integration: "2025-10-15", go_live: "2025-11-01" }),
    status: "not_yet",
    annualCents: EUR(26250), // 9/12
    months: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    missing: ["twiin_agreement_signed"],
    oneOff: [["pacs_integration_one_off", "2026-01-31", null, true]], // due before the revocation: stays listed
  },
  {
    name: "one-off amount set by version 2: integration in September gets it",
    vendor: "enovation",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", pacs_integration: "2026-09-10", go_live: "2026-09-20" }),
    ruleSets: [V1, V2_ONE_OFF],
    status: "eligible",
    annualCents: Math.round((EUR(35000) * 4) / 12),
    oneOff: [["pacs_integration_one_off", "2026-09-30", EUR(12500), true]],
  },
  {
    name: "one-off due under version 1 keeps the amount of version 1 (to be determined)",
    vendor: "enovation",
    steps: LIVE_SINCE_2025,
    ruleSets: [V1, V2_ONE_OFF],
    status: "eligible",
    annualCents: EUR(35000),
    oneOff: [["pacs_integration_one_off", "2026-01-31", null, true]],
  },
  {
    name: "Alphatron user switching to Enovation on 1 September: pro rata from September",
    vendorHistory: [
      { vendor: "alphatron", from: "2024-01-01" },
      { vendor: "enovation", from: "2026-09-01" },
    ],
    steps: LIVE_SINCE_2025,
    status: "eligible",
    annualCents: Math.round((EUR(35000) * 4) / 12),
    months: [9, 10, 11, 12],
    // The PACS one-off (amount to be determined) fell due in January, under Alphatron.
    byVendor: { alphatron: 0, enovation: Math.round((EUR(35000) * 4) / 12) },
  },
  {
    name: "go-live on 31 December still counts December",
    vendor: "founda",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2026-12-31" }),
    today: "2026-12-31",
    status: "eligible",
    eligibleFrom: "2026-12-31",
    annualCents: 291667,
    months: [12],
  },
  {
    name: "go-live planned for 1 January next year: nothing this year, eligible from that date",
    vendor: "founda",
    steps: facts({ ...AGREEMENTS, mitz_connected: "2026-06-01", go_live: "2027-01-01" }),
    status: "eligible_from",
    eligibleFrom: "2027-01-01",
    annualCents: 0,
  },
];

for (const r of moreRows) {
  test(`eligibility: ${r.name}`, () => {
    const out = computeEligibility({
      ruleSets: r.ruleSets ?? RULES,
      vendor: r.vendor,
      vendorHistory: r.vendorHistory,
      verifiedSteps: r.steps,
      year: r.year ?? 2026,
      today: r.today ?? TODAY,
    });
    assert.equal(out.status, r.status, "status");
    if (r.eligibleFrom !== undefined) assert.equal(out.eligibleFrom, r.eligibleFrom, "eligibleFrom");
    assert.equal(out.annual.reduce((s, a) => s + a.amountCents, 0), r.annualCents, "annual cents");
    if (r.months) assert.deepEqual(out.annual[0]?.months ?? [], r.months, "months");
    if (r.byVendor) assert.deepEqual(out.byVendorCents, r.byVendor, "by vendor");
    if (r.oneOff) assert.deepEqual(out.oneOff.map((o) => [o.ruleCode, o.dueOn, o.amountCents, o.inYear]), r.oneOff, "one-off");
    if (r.missing) assert.deepEqual(out.missing.map((m) => (m.kind === "vendor" ? "vendor" : m.stepCode)), r.missing, "missing");
    assert.ok(renderExplanation(out.explanation, "nl").length > 20 && renderExplanation(out.explanation, "en").length > 20);
  });
}
