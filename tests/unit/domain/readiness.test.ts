import { test } from "node:test";
import assert from "node:assert/strict";
import { computeReadiness, validateStepReport, validateStepVerification, type PhaseCode, type StepStatusMap } from "@/lib/domain/readiness";
import { STEP_CATALOGUE, type StepCode } from "@/lib/domain/steps";
import type { Vendor } from "@/lib/domain/vendors";
import { LOCALES } from "@/lib/i18n/messages";
import { nextActionText, phaseLabel, stepReportErrorText, stepVerificationErrorText } from "@/lib/domain/onboarding-texts";
import { buildSteps, verifiedThrough } from "./helpers";

const TODAY = "2026-11-22";
const step = (code: StepCode) => STEP_CATALOGUE.find((s) => s.code === code)!;

type Row = {
  name: string;
  vendor: Vendor | null;
  steps: StepStatusMap;
  phase: PhaseCode;
  percent: number;
  blocking: string | null;
  met: [boolean, boolean, boolean];
  next: { kind: string; step: StepCode | null };
  gatePassed: boolean;
  startedOn: string | null;
  days: number | null;
};

const rows: Row[] = [
  {
    name: "nothing reported",
    vendor: null,
    steps: {},
    phase: "not_started",
    percent: 0,
    blocking: "agreements",
    met: [false, false, false],
    next: { kind: "report", step: "vendor_chosen" },
    gatePassed: false,
    startedOn: null,
    days: null,
  },
  {
    name: "first step reported, not verified: started, counts 0 %",
    vendor: null,
    steps: buildSteps({ vendor_chosen: ["reported", "2026-03-02"] }),
    phase: "agreements",
    percent: 0,
    blocking: "agreements",
    met: [false, false, false],
    next: { kind: "report", step: "vendor_contract_signed" },
    gatePassed: false,
    startedOn: "2026-03-02",
    days: 265,
  },
  {
    name: "agreements verified",
    vendor: "enovation",
    steps: verifiedThrough("twiin_agreement_signed"),
    phase: "mitz_connection",
    percent: 46, // 7 of 15
    blocking: "mitz_connected",
    met: [true, false, false],
    next: { kind: "report", step: "mitz_connector_accepted" },
    gatePassed: false,
    startedOn: "2026-01-11",
    days: 315,
  },
  {
    name: "Mitz connected",
    vendor: "founda",
    steps: verifiedThrough("mitz_connected"),
    phase: "mitz_filling",
    percent: 66, // 10 of 15
    blocking: "mitz_filled",
    met: [true, true, false],
    next: { kind: "report", step: "mitz_sources_registered" },
    gatePassed: false,
    startedOn: "2026-01-14",
    days: 312,
  },
  {
    name: "all three preconditions met",
    vendor: "alphatron",
    steps: verifiedThrough("mitz_sources_registered"),
    phase: "integration",
    percent: 73,
    blocking: null,
    met: [true, true, true],
    next: { kind: "report", step: "dpia_completed" },
    gatePassed: false,
    startedOn: "2026-01-15",
    days: 311,
  },
  {
    name: "everything but go-live verified",
    vendor: "enovation",
    steps: verifiedThrough("duo_connection_tested"),
    phase: "ready_for_go_live",
    percent: 93,
    blocking: null,
    met: [true, true, true],
    next: { kind: "report", step: "go_live" },
    gatePassed: true,
    startedOn: "2026-01-18",
    days: 308,
  },
  {
    name: "go-live reported, waiting",
    vendor: "enovation",
    steps: { ...verifiedThrough("duo_connection_tested"), ...buildSteps({ go_live: ["reported", "2026-11-20"] }) },
    phase: "ready_for_go_live",
    percent: 93,
    blocking: null,
    met: [true, true, true],
    next: { kind: "await_verification", step: "go_live" },
    gatePassed: true,
    startedOn: "2026-01-18",
    days: 308,
  },
  {
    name: "live",
    vendor: "enovation",
    steps: verifiedThrough("go_live"),
    phase: "live",
    percent: 100,
    blocking: null,
    met: [true, true, true],
    next: { kind: "none", step: null },
    gatePassed: true,
    startedOn: "2026-01-19",
    days: 307,
  },
  {
    name: "Mitz done in parallel, agreements not: agreements still block",
    vendor: "enovation",
    steps: buildSteps({
      vendor_chosen: ["verified", "2026-02-01"],
      mitz_connector_accepted: ["verified", "2026-02-10"],
      mitz_test_whitelisted: ["verified", "2026-03-10"],
      mitz_connected: ["verified", "2026-04-10"],
    }),
    phase: "agreements",
    percent: 26, // 4 of 15
    blocking: "agreements",
    met: [false, true, false],
    next: { kind: "report", step: "vendor_contract_signed" },
    gatePassed: false,
    startedOn: "2026-02-01",
    days: 294,
  },
  {
    name: "rejected report must be resubmitted (reason shown)",
    vendor: "founda",
    steps: { ...verifiedThrough("twiin_board_decision"), ...buildSteps({ twiin_agreement_signed: ["rejected", "2026-05-01", "handtekening ontbreekt"] }) },
    phase: "agreements",
    percent: 40,
    blocking: "agreements",
    met: [false, false, false],
    next: { kind: "resubmit", step: "twiin_agreement_signed" },
    gatePassed: false,
    startedOn: "2026-01-05",
    days: 321,
  },
  {
    name: "DPIA not applicable: leaves the denominator and the gate",
    vendor: "enovation",
    steps: {
      ...verifiedThrough("duo_connection_tested"),
      ...buildSteps({ dpia_completed: ["not_applicable", null] }),
    },
    phase: "ready_for_go_live",
    percent: 92, // 13 of 14
    blocking: null,
    met: [true, true, true],
    next: { kind: "report", step: "go_live" },
    gatePassed: true,
    startedOn: "2026-01-18",
    days: 308,
  },
];

for (const r of rows) {
  test(`readiness: ${r.name}`, () => {
    const out = computeReadiness({ vendor: r.vendor, steps: r.steps, today: TODAY });
    assert.equal(out.phase, r.phase, "phase");
    assert.equal(out.percent, r.percent, "percent");
    assert.equal(out.blockingPrecondition, r.blocking, "blocking");
    assert.deepEqual(out.preconditions.map((p) => p.met), r.met, "preconditions met");
    assert.equal(out.nextAction.kind, r.next.kind, "next kind");
    assert.equal(out.nextAction.stepCode, r.next.step, "next step");
    assert.equal(out.goLiveGate.passed, r.gatePassed, "gate");
    assert.equal(out.phaseStartedOn, r.startedOn, "phase start");
    assert.equal(out.daysInPhase, r.days, "days in phase");
    assert.equal(out.isLive, r.phase === "live");
    for (const locale of LOCALES) assert.ok(nextActionText(out.nextAction, locale).length > 10 && !/[{}]/.test(nextActionText(out.nextAction, locale)));
  });
}

test("next action names the concrete step in Dutch, with the evidence it needs", () => {
  const a = computeReadiness({ vendor: "enovation", steps: verifiedThrough("twiin_board_decision"), today: TODAY });
  assert.deepEqual(a.nextAction, { kind: "report", stepCode: "twiin_agreement_signed", code: "report", params: { evidence: ["date", "document"] } });
  assert.equal(nextActionText(a.nextAction, "nl"), "Volgende stap: „Twiin-deelnemersovereenkomst getekend”. Meld deze stap zodra die is afgerond, met de datum waarop het is gebeurd en het bewijsstuk.");
  assert.equal(nextActionText(a.nextAction, "en"), "Next step: “Twiin participant agreement signed”. Report it once it is done, with the date it happened and the supporting document.");
  const rejected = computeReadiness({ vendor: "founda", steps: rows[9].steps, today: TODAY });
  assert.deepEqual(rejected.nextAction.params, { reason: "handtekening ontbreekt" });
  assert.equal(nextActionText(rejected.nextAction, "nl"), "Meld „Twiin-deelnemersovereenkomst getekend” opnieuw: de melding is afgewezen (reden: handtekening ontbreekt).");
  // A reason that ends a sentence of its own gets no second full stop inside the quote.
  const withReason = (reason: string) =>
    Object.fromEntries(Object.entries(rows[9].steps).map(([k, v]) => [k, v?.state === "rejected" ? { ...v, rejectionReason: reason } : v])) as (typeof rows)[9]["steps"];
  for (const [given, quoted] of [
    ["Handtekening ontbreekt.", "Handtekening ontbreekt"],
    ["Datum klopt niet;  ", "Datum klopt niet"],
    ["Is dit de getekende versie?", "Is dit de getekende versie?"],
    ["...", ""],
  ] as const) {
    const next = computeReadiness({ vendor: "founda", steps: withReason(given), today: TODAY }).nextAction;
    if (quoted) assert.deepEqual([next.code, next.params], ["resubmit_reason", { reason: quoted }], given);
    else assert.equal(next.code, "resubmit", "only punctuation: no reason to quote");
  }
  assert.equal(
    nextActionText(computeReadiness({ vendor: "founda", steps: withReason("Handtekening ontbreekt."), today: TODAY }).nextAction, "nl"),
    "Meld „Twiin-deelnemersovereenkomst getekend” opnieuw: de melding is afgewezen (reden: Handtekening ontbreekt).",
  );
  const waiting = computeReadiness({ vendor: "enovation", steps: rows[6].steps, today: TODAY });
  assert.equal(waiting.nextAction.code, "await_verification_on");
  assert.match(nextActionText(waiting.nextAction, "nl"), /^Wacht op verificatie van „In gebruik genomen \(go-live\)” door het programmabureau \(gemeld op 20 november 2026\)\.$/);
  assert.equal(nextActionText(waiting.nextAction, "en"), "Waiting for the programme office to verify “Live (go-live)” (reported on 20 November 2026).");
  const duo = computeReadiness({ vendor: "enovation", steps: verifiedThrough("pacs_integration"), today: TODAY });
  assert.match(nextActionText(duo.nextAction, "nl"), /resultaat van de verbindingstest/);
});

test("every next-action code in words, both languages", () => {
  const table: [Parameters<typeof nextActionText>[0], string, string][] = [
    [{ kind: "none", stepCode: null, code: "none_live", params: {} }, "Geen actie nodig: de instelling is live met DUO.", "No action needed: the institution is live with DUO."],
    [{ kind: "none", stepCode: null, code: "none", params: {} }, "Geen actie nodig.", "No action needed."],
    [{ kind: "resubmit", stepCode: "dpia_completed", code: "resubmit", params: {} }, "Meld „DPIA afgerond” opnieuw: de melding is afgewezen.", "Report “DPIA completed” again: the report was rejected."],
    [
      { kind: "report", stepCode: "duo_connection_tested", code: "report", params: { evidence: ["date", "document", "freeText", "checkResult"] } },
      "Volgende stap: „DUO-verbinding getest”. Meld deze stap zodra die is afgerond, met de datum waarop het is gebeurd, het bewijsstuk, een toelichting en het resultaat van de verbindingstest.",
      "Next step: “DUO connection tested”. Report it once it is done, with the date it happened, the supporting document, an explanation and the connection test result.",
    ],
    [{ kind: "report", stepCode: "go_live", code: "report", params: { evidence: ["date"] } }, "Volgende stap: „In gebruik genomen (go-live)”. Meld deze stap zodra die is afgerond, met de datum waarop het is gebeurd.", "Next step: “Live (go-live)”. Report it once it is done, with the date it happened."],
    [{ kind: "await_verification", stepCode: "go_live", code: "await_verification", params: {} }, "Wacht op verificatie van „In gebruik genomen (go-live)” door het programmabureau.", "Waiting for the programme office to verify “Live (go-live)”."],
    [{ kind: "report", stepCode: "vendor_chosen", code: "next_step", params: {} }, "Volgende stap: „Leverancier gekozen”.", "Next step: “Vendor chosen”."],
  ];
  for (const [action, nl, en] of table) {
    assert.equal(nextActionText(action, "nl"), nl);
    assert.equal(nextActionText(action, "en"), en);
  }
  const live = computeReadiness({ vendor: null, steps: verifiedThrough("go_live"), today: TODAY });
  assert.deepEqual([live.nextAction.code, live.nextAction.stepCode], ["none_live", null]);
  assert.equal(phaseLabel(live.phase, "nl"), "Live");
  assert.equal(phaseLabel("mitz_connection", "nl"), "Aansluiten op Mitz");
  assert.equal(phaseLabel("mitz_connection", "en"), "Connecting to Mitz");
});

test("go-live gate lists exactly the missing mandatory steps, without go-live itself", () => {
  const out = computeReadiness({ vendor: "enovation", steps: verifiedThrough("mitz_sources_registered"), today: TODAY });
  assert.deepEqual(out.goLiveGate.missing, ["dpia_completed", "pacs_integration", "duo_connection_tested"]);
  const none = computeReadiness({ vendor: null, steps: {}, today: TODAY });
  assert.equal(none.goLiveGate.missing.length, 14);
  assert.ok(!none.goLiveGate.missing.includes("go_live"));
});

test("preconditions carry the date they were met and what is missing", () => {
  const out = computeReadiness({ vendor: "enovation", steps: verifiedThrough("mitz_test_whitelisted"), today: TODAY });
  assert.deepEqual(out.preconditions[0], {
    code: "agreements",
    met: true,
    metOn: "2026-01-11",
    missing: [],
  });
  assert.deepEqual(out.preconditions[1].missing, ["mitz_connected"]);
  assert.equal(out.preconditions[1].metOn, null);
});

test("reported steps are listed as awaiting verification and do not count", () => {
  const steps = { ...verifiedThrough("vendor_chosen"), ...buildSteps({ twiin_intent: ["reported", "2026-02-01"], twiin_dossier: ["reported", "2026-02-02"] }) };
  const out = computeReadiness({ vendor: "enovation", steps, today: TODAY });
  assert.deepEqual(out.awaitingVerification, ["twiin_intent", "twiin_dossier"]);
  assert.equal(out.doneCount, 1);
  assert.equal(out.mandatoryCount, 15);
  // Dossier reported on top of a reported intent: the next report is the validation desk advice? No:
  // the vendor contract comes first in catalogue order and its prerequisite is verified.
  assert.equal(out.nextAction.stepCode, "vendor_contract_signed");
});

test("time in phase is never negative (phase start on today)", () => {
  const out = computeReadiness({ vendor: null, steps: buildSteps({ vendor_chosen: ["reported", TODAY] }), today: TODAY });
  assert.equal(out.daysInPhase, 0);
});

// ---------------------------------------------------------------------------------------------

type ReportCase = {
  name: string;
  code: StepCode;
  vendor?: Vendor | null;
  completedOn: string | null;
  states?: StepStatusMap;
  evidence?: Partial<{ document: boolean; freeText: boolean; checkResult: boolean }>;
  errors: [string, string?][]; // [code, stepCode or field]
};

const reportCases: ReportCase[] = [
  {
    name: "valid contract report",
    code: "vendor_contract_signed",
    completedOn: "2026-02-01",
    states: buildSteps({ vendor_chosen: ["verified", "2026-01-05"] }),
    evidence: { document: true },
    errors: [],
  },
  {
    name: "a reported prerequisite is enough to report the next step",
    code: "twiin_dossier",
    completedOn: "2026-02-01",
    states: buildSteps({ twiin_intent: ["reported", "2026-01-20"] }),
    errors: [],
  },
  {
    name: "today itself is allowed",
    code: "vendor_chosen",
    completedOn: TODAY,
    errors: [],
  },
  {
    name: "prerequisite missing",
    code: "twiin_dossier",
    completedOn: "2026-02-01",
    errors: [["prerequisite_missing", "twiin_intent"]],
  },
  {
    name: "a rejected prerequisite does not count",
    code: "twiin_dossier",
    completedOn: "2026-02-01",
    states: buildSteps({ twiin_intent: ["rejected", "2026-01-20"] }),
    errors: [["prerequisite_missing", "twiin_intent"]],
  },
  {
    name: "date in the future",
    code: "vendor_chosen",
    completedOn: "2026-11-23",
    errors: [["date_in_future", "completedOn"]],
  },
  {
    name: "impossible date",
    code: "vendor_chosen",
    completedOn: "2026-02-30",
    errors: [["date_invalid", "completedOn"]],
  },
  {
    name: "no date",
    code: "vendor_chosen",
    completedOn: null,
    errors: [["date_invalid", "completedOn"]],
  },
  {
    name: "date before the prerequisite's date",
    code: "vendor_contract_signed",
    completedOn: "2026-02-01",
    states: buildSteps({ vendor_chosen: ["verified", "2026-03-01"] }),
    evidence: { document: true },
    errors: [["date_before_prerequisite", "vendor_chosen"]],
  },
  {
    name: "document required",
    code: "twiin_agreement_signed",
    completedOn: "2026-06-01",
    states: buildSteps({ twiin_board_decision: ["verified", "2026-05-01"] }),
    errors: [["evidence_missing", "document"]],
  },
  {
    name: "check result required for the DUO connection test",
    code: "duo_connection_tested",
    completedOn: "2026-06-01",
    states: buildSteps({ pacs_integration: ["verified", "2026-05-01"], mitz_test_whitelisted: ["verified", "2026-04-01"] }),
    evidence: { document: true },
    errors: [["evidence_missing", "checkResult"]],
  },
  {
    name: "free text required for Mitz whitelisting",
    code: "mitz_test_whitelisted",
    completedOn: "2026-06-01",
    states: buildSteps({ mitz_connector_accepted: ["verified", "2026-05-01"] }),
    errors: [["evidence_missing", "freeText"]],
  },
  {
    name: "document not allowed on go-live",
    code: "go_live",
    completedOn: "2026-06-01",
    states: verifiedThrough("duo_connection_tested"),
    evidence: { document: true },
    errors: [["evidence_not_allowed", "document"]],
  },
  {
    name: "Alphatron: PACS integration needs Mitz connected first",
    code: "pacs_integration",
    vendor: "alphatron",
    completedOn: "2026-06-01",
    states: buildSteps({ vendor_contract_signed: ["verified", "2026-05-01"] }),
    errors: [["prerequisite_missing", "mitz_connected"]],
  },
  {
    name: "Enovation: PACS integration can go before Mitz",
    code: "pacs_integration",
    vendor: "enovation",
    completedOn: "2026-06-01",
    states: buildSteps({ vendor_contract_signed: ["verified", "2026-05-01"] }),
    errors: [],
  },
  {
    name: "already verified",
    code: "vendor_chosen",
    completedOn: "2026-06-01",
    states: buildSteps({ vendor_chosen: ["verified", "2026-05-01"] }),
    errors: [["already_verified", "step"]],
  },
  {
    name: "several problems at once, in form order",
    code: "twiin_agreement_signed",
    completedOn: "2027-01-01",
    errors: [["prerequisite_missing", "twiin_board_decision"], ["date_in_future", "completedOn"], ["evidence_missing", "document"]],
  },
];

for (const c of reportCases) {
  test(`validateStepReport: ${c.name}`, () => {
    const errors = validateStepReport({
      step: step(c.code),
      vendor: c.vendor === undefined ? "enovation" : c.vendor,
      completedOn: c.completedOn,
      today: TODAY,
      stepStates: c.states ?? {},
      evidence: { document: false, freeText: false, checkResult: false, ...c.evidence },
    });
    assert.deepEqual(
      errors.map((e) => [e.code, e.stepCode ?? e.field]),
      c.errors.map(([code, x]) => [code, x]),
    );
    for (const e of errors) for (const locale of LOCALES) assert.ok(stepReportErrorText(e, locale).length > 10 && !/[{}]/.test(stepReportErrorText(e, locale)));
  });
}

test("report error messages are specific Dutch sentences", () => {
  const [pre] = validateStepReport({
    step: step("twiin_dossier"),
    vendor: null,
    completedOn: "2026-02-01",
    today: TODAY,
    stepStates: {},
    evidence: { document: false, freeText: false, checkResult: false },
  });
  assert.deepEqual(pre, { code: "prerequisite_missing", field: "step", stepCode: "twiin_intent", params: { step: "twiin_dossier" } });
  assert.equal(stepReportErrorText(pre, "nl"), "Meld eerst de stap „Twiin: intentieverklaring ingediend”; die moet voorafgaan aan „Twiin: dossier ingediend”.");
  assert.equal(stepReportErrorText(pre, "en"), "Report the step “Twiin: statement of intent submitted” first; it must precede “Twiin: dossier submitted”.");
  const [future] = validateStepReport({
    step: step("vendor_chosen"),
    vendor: null,
    completedOn: "2026-12-01",
    today: TODAY,
    stepStates: {},
    evidence: { document: false, freeText: false, checkResult: false },
  });
  assert.deepEqual(future.params, { step: "vendor_chosen", date: "2026-12-01" });
  assert.equal(stepReportErrorText(future, "nl"), "De datum 1 december 2026 ligt in de toekomst. Meld een stap pas als die is afgerond.");
  assert.equal(stepReportErrorText(future, "en"), "The date 1 December 2026 is in the future. Report a step only once it is done.");
});

test("every report refusal code in words, both languages", () => {
  const e = (code: Parameters<typeof stepReportErrorText>[0]["code"], field: Parameters<typeof stepReportErrorText>[0]["field"], extra: object = {}) =>
    ({ code, field, params: { step: "dpia_completed" }, ...extra }) as Parameters<typeof stepReportErrorText>[0];
  const table: [Parameters<typeof stepReportErrorText>[0], string, string][] = [
    [e("step_not_applicable", "step"), "De stap „DPIA afgerond” is niet van toepassing voor deze leverancier.", "The step “DPIA completed” does not apply to this vendor."],
    [e("already_verified", "step"), "De stap „DPIA afgerond” is al geverifieerd.", "The step “DPIA completed” has already been verified."],
    [e("date_invalid", "completedOn"), "Vul een geldige datum in (dag-maand-jaar) waarop de stap is afgerond.", "Enter a valid date (day-month-year) on which the step was completed."],
    [
      e("date_before_prerequisite", "completedOn", { stepCode: "vendor_chosen", params: { step: "dpia_completed", date: "2026-03-01", prerequisiteDate: "2026-04-02" } }),
      "De datum 1 maart 2026 ligt vóór de datum van „Leverancier gekozen” (2 april 2026).",
      "The date 1 March 2026 is before the date of “Vendor chosen” (2 April 2026).",
    ],
    [e("check_result_down", "checkResult"), "De gekoppelde verbindingstest was niet geslaagd (status onbereikbaar) en toont dus niet aan dat de verbinding werkt. Los het probleem op, voer de test opnieuw uit en koppel een geslaagde test.", "The attached connection test did not succeed (status down), so it does not show that the connection works. Fix the problem, run the test again and attach a successful test."],
    [e("evidence_missing", "document"), "Voor „DPIA afgerond” is een bewijsstuk (PDF, PNG of JPEG) verplicht.", "“DPIA completed” requires a supporting document (PDF, PNG or JPEG)."],
    [e("evidence_missing", "freeText"), "Voor „DPIA afgerond” is een toelichting verplicht.", "“DPIA completed” requires an explanation."],
    [e("evidence_missing", "checkResult"), "Voor „DPIA afgerond” is het resultaat van een verbindingstest verplicht.", "“DPIA completed” requires a connection test result."],
    [e("evidence_not_allowed", "document"), "Bij „DPIA afgerond” hoort geen bewijsstuk (PDF, PNG of JPEG).", "“DPIA completed” does not take a supporting document (PDF, PNG or JPEG)."],
    [e("evidence_not_allowed", "freeText"), "Bij „DPIA afgerond” hoort geen toelichting.", "“DPIA completed” does not take an explanation."],
    [e("evidence_not_allowed", "checkResult"), "Bij „DPIA afgerond” hoort geen resultaat van een verbindingstest.", "“DPIA completed” does not take a connection test result."],
  ];
  for (const [err, nl, en] of table) {
    assert.equal(stepReportErrorText(err, "nl"), nl);
    assert.equal(stepReportErrorText(err, "en"), en);
  }
});

test("validateStepVerification: four eyes, reported state, verified prerequisites", () => {
  const cases: { name: string; code: StepCode; states: StepStatusMap; reporter: string | null; verifier: string; errors: string[] }[] = [
    {
      name: "ok",
      code: "vendor_contract_signed",
      states: buildSteps({ vendor_chosen: ["verified", "2026-01-01"], vendor_contract_signed: ["reported", "2026-02-01"] }),
      reporter: "u1",
      verifier: "u2",
      errors: [],
    },
    {
      name: "own report",
      code: "vendor_chosen",
      states: buildSteps({ vendor_chosen: ["reported", "2026-01-01"] }),
      reporter: "u1",
      verifier: "u1",
      errors: ["own_report"],
    },
    {
      name: "not reported",
      code: "vendor_chosen",
      states: {},
      reporter: null,
      verifier: "u1",
      errors: ["not_reported"],
    },
    {
      name: "prerequisite only reported",
      code: "twiin_dossier",
      states: buildSteps({ twiin_intent: ["reported", "2026-01-01"], twiin_dossier: ["reported", "2026-01-02"] }),
      reporter: "u1",
      verifier: "u2",
      errors: ["prerequisite_not_verified"],
    },
  ];
  for (const c of cases) {
    const errors = validateStepVerification({ step: step(c.code), vendor: "founda", stepStates: c.states, reporterId: c.reporter, verifierId: c.verifier });
    assert.deepEqual(errors.map((e) => e.code), c.errors, c.name);
    for (const e of errors) for (const locale of LOCALES) assert.ok(!/[{}]/.test(stepVerificationErrorText(e, locale)), c.name);
  }
  const table: [Parameters<typeof stepVerificationErrorText>[0], string, string][] = [
    [{ code: "not_reported" }, "Alleen een gemelde stap kan worden geverifieerd.", "Only a reported step can be verified."],
    [{ code: "own_report" }, "U kunt uw eigen melding niet verifiëren (vier-ogenprincipe). Laat een collega verifiëren.", "You cannot verify your own report (four-eyes principle). Ask a colleague."],
    [{ code: "prerequisite_not_verified", stepCode: "twiin_intent" }, "Verifieer eerst „Twiin: intentieverklaring ingediend”.", "Verify “Twiin: statement of intent submitted” first."],
  ];
  for (const [e, nl, en] of table) {
    assert.equal(stepVerificationErrorText(e, "nl"), nl);
    assert.equal(stepVerificationErrorText(e, "en"), en);
  }
});
