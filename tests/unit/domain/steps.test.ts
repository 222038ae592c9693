import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PRECONDITIONS,
  STEP_CATALOGUE,
  STEP_CODES,
  resolveCatalogue,
  resolveStepForVendor,
  validateStepCatalogue,
  type StepDefinition,
} from "@/lib/domain/steps";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { LOCALES } from "@/lib/i18n/messages";
import { catalogueErrorText, preconditionLabel, stepHelp, stepHint, stepNoteText, stepTitle } from "@/lib/domain/onboarding-texts";

test("the built-in catalogue is valid: unique codes, known prerequisites, no cycles for any vendor", () => {
  assert.deepEqual(validateStepCatalogue({ steps: STEP_CATALOGUE }), []);
});

test("the catalogue holds exactly the step codes, in sort order, each with Dutch and English texts", () => {
  const sorted = [...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => s.code);
  assert.deepEqual(sorted, [...STEP_CODES]);
  for (const s of STEP_CATALOGUE) {
    for (const locale of LOCALES) {
      for (const text of [stepTitle(s.code, locale), stepHelp(s.code, locale)]) assert.ok(text.length > 3 && text !== s.code, `${s.code} has texts in ${locale}`);
    }
    assert.equal(s.evidence.date, "required", `${s.code} requires a date`);
  }
});

test("step texts are messages: titles, help, hints, notes (unknown codes shown as they are)", () => {
  assert.equal(stepTitle("vendor_chosen", "nl"), "Leverancier gekozen");
  assert.equal(stepTitle("vendor_chosen", "en"), "Vendor chosen");
  assert.equal(stepTitle("no_such_step", "nl"), "no_such_step");
  assert.equal(stepHint("duo_connection_tested", "nl"), "Koppel het resultaat van de verbindingstest ('test mijn verbinding').");
  assert.equal(stepHint("pacs_integration", "nl"), null);
  assert.equal(stepHint("go_live", "en"), null);
  assert.equal(stepNoteText("mitz_xds_region", "nl"), "Voor uitwisseling binnen de eigen XDS-regio is Mitz niet nodig; voor DUO wel.");
  assert.equal(stepNoteText("pacs_after_mitz", "en"), "With the Beeldtijdlijn the integration can only be completed once Mitz is connected: nothing is exchanged without a consent check.");
});

test("prerequisites always point to earlier steps (sort order follows dependency order)", () => {
  for (const vendor of [null, ...VENDOR_CODES]) {
    for (const r of resolveCatalogue({ vendor })) {
      for (const p of r.prerequisites) {
        const pre = STEP_CATALOGUE.find((s) => s.code === p)!;
        assert.ok(pre.sortOrder < r.step.sortOrder, `${p} before ${r.step.code} (${vendor})`);
      }
    }
  }
});

test("three preconditions with labels in both languages, in programme order", () => {
  assert.deepEqual(PRECONDITIONS.map((p) => p.code), ["agreements", "mitz_connected", "mitz_filled"]);
  assert.equal(preconditionLabel(PRECONDITIONS[0].code, "nl"), "Overeenkomsten getekend en vertrouwen geborgd");
  assert.equal(preconditionLabel(PRECONDITIONS[1].code, "en"), "Connected to Mitz");
});

test("group of each step", () => {
  const group = Object.fromEntries(STEP_CATALOGUE.map((s) => [s.code, s.precondition]));
  const table: [string, string][] = [
    ["vendor_chosen", "agreements"],
    ["twiin_agreement_signed", "agreements"],
    ["mitz_test_whitelisted", "mitz_connected"],
    ["mitz_sources_registered", "mitz_filled"],
    ["dpia_completed", "technical"],
    ["go_live", "technical"],
  ];
  for (const [code, g] of table) assert.equal(group[code], g, code);
});

test("vendor rules: Alphatron needs Mitz before the PACS integration, XDS vendors do not; Mitz is mandatory for all", () => {
  const pacs = STEP_CATALOGUE.find((s) => s.code === "pacs_integration")!;
  const mitz = STEP_CATALOGUE.find((s) => s.code === "mitz_connected")!;
  const table: [string | null, boolean][] = [
    [null, false],
    ["enovation", false],
    ["founda", false],
    ["alphatron", true],
  ];
  for (const [vendor, needsMitz] of table) {
    const r = resolveStepForVendor({ step: pacs, vendor: vendor as never });
    assert.equal(r.prerequisites.includes("mitz_connected"), needsMitz, `pacs for ${vendor}`);
    const m = resolveStepForVendor({ step: mitz, vendor: vendor as never });
    assert.equal(m.mandatory, true);
    assert.equal(m.applies, true);
  }
  assert.equal(resolveStepForVendor({ step: mitz, vendor: "alphatron" }).note, "mitz_beeldtijdlijn");
  assert.match(stepNoteText(resolveStepForVendor({ step: mitz, vendor: "alphatron" }).note!, "nl"), /Beeldtijdlijn/);
  assert.match(stepNoteText(resolveStepForVendor({ step: mitz, vendor: "founda" }).note!, "nl"), /XDS-regio/);
  assert.equal(resolveStepForVendor({ step: pacs, vendor: "alphatron" }).note, "pacs_after_mitz");
  assert.equal(resolveStepForVendor({ step: mitz, vendor: null }).note, null);
});

test("DUO connection test requires a check result; go-live takes no document", () => {
  const duo = STEP_CATALOGUE.find((s) => s.code === "duo_connection_tested")!;
  assert.equal(duo.evidence.checkResult, "required");
  assert.equal(STEP_CATALOGUE.find((s) => s.code === "go_live")!.evidence.document, "not_allowed");
  assert.equal(STEP_CATALOGUE.find((s) => s.code === "twiin_agreement_signed")!.evidence.document, "required");
});

test("validateStepCatalogue finds broken catalogues", () => {
  const base = (code: string, sortOrder: number, prerequisites: string[], extra?: Partial<StepDefinition>): StepDefinition =>
    ({
      code,
      sortOrder,
      precondition: "technical",
      prerequisites,
      mandatory: true,
      evidence: { date: "required", document: "optional", freeText: "optional", checkResult: "not_allowed" },
      ...extra,
    }) as StepDefinition;
  const cases: { name: string; steps: StepDefinition[]; codes: string[] }[] = [
    { name: "fine", steps: [base("a", 1, []), base("b", 2, ["a"])], codes: [] },
    { name: "unknown prerequisite", steps: [base("a", 1, ["zz"])], codes: ["unknown_prerequisite"] },
    { name: "self", steps: [base("a", 1, ["a"])], codes: ["self_prerequisite"] },
    { name: "cycle", steps: [base("a", 1, ["c"]), base("b", 2, ["a"]), base("c", 3, ["b"])], codes: ["cycle"] },
    {
      name: "cycle only for one vendor",
      steps: [base("a", 1, [], { vendorRules: { alphatron: { extraPrerequisites: ["b" as never] } } }), base("b", 2, ["a"])],
      codes: ["cycle"],
    },
    { name: "duplicates", steps: [base("a", 1, []), base("a", 1, [])], codes: ["duplicate_code", "duplicate_sort_order"] },
  ];
  for (const c of cases) {
    const errors = validateStepCatalogue({ steps: c.steps });
    assert.deepEqual([...new Set(errors.map((e) => e.code))].sort(), [...c.codes].sort(), c.name);
    for (const e of errors) for (const locale of LOCALES) assert.ok(!/[{}]/.test(catalogueErrorText(e, locale)) && catalogueErrorText(e, locale).includes(e.stepCode));
  }
  const cyc = validateStepCatalogue({ steps: cases[4].steps });
  assert.equal(cyc[0].vendor, "alphatron");
  assert.deepEqual(cyc[0].params, { cycle: ["a", "b", "a"] });
  assert.equal(catalogueErrorText(cyc[0], "nl"), "De voorwaarden vormen een kring: a → b → a.");
  assert.equal(catalogueErrorText(cyc[0], "en"), "The prerequisites form a cycle: a → b → a.");
});

test("catalogue error texts, each code in both languages", () => {
  const table: [Parameters<typeof catalogueErrorText>[0], string, string][] = [
    [{ code: "duplicate_code", stepCode: "a", vendor: null, params: {} }, "Stapcode a komt dubbel voor.", "Step code a occurs twice."],
    [{ code: "duplicate_sort_order", stepCode: "a", vendor: null, params: { order: 1100 } }, "Volgorde 1100 van a is al in gebruik.", "Sort order 1100 of a is already used."],
    [{ code: "self_prerequisite", stepCode: "a", vendor: null, params: {} }, "Stap a kan niet zichzelf als voorwaarde hebben.", "Step a cannot require itself."],
    [{ code: "unknown_prerequisite", stepCode: "a", vendor: null, params: { prerequisite: "zz" } }, "Stap a verwijst naar onbekende stap zz.", "Step a refers to unknown step zz."],
  ];
  for (const [e, nl, en] of table) {
    assert.equal(catalogueErrorText(e, "nl"), nl);
    assert.equal(catalogueErrorText(e, "en"), en);
  }
});
