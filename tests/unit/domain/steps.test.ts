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

test("the built-in catalogue is valid: unique codes, known prerequisites, no cycles for any vendor", () => {
  assert.deepEqual(validateStepCatalogue({ steps: STEP_CATALOGUE }), []);
});

test("the catalogue holds exactly the step codes, in sort order, each with Dutch and English texts", () => {
  const sorted = [...STEP_CATALOGUE].sort((a, b) => a.sortOrder - b.sortOrder).map((s) => s.code);
  assert.deepEqual(sorted, [...STEP_CODES]);
  for (const s of STEP_CATALOGUE) {
    for (const t of [s.title, s.help]) {
      assert.ok(t.nl.length > 3 && t.en.length > 3, `${s.code} has texts`);
    }
    assert.equal(s.evidence.date, "required", `${s.code} requires a date`);
  }
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
  assert.equal(PRECONDITIONS[0].label.nl, "Overeenkomsten getekend en vertrouwen geborgd");
  assert.equal(PRECONDITIONS[1].label.en, "Connected to Mitz");
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
  assert.match(resolveStepForVendor({ step: mitz, vendor: "alphatron" }).note!.nl, /Beeldtijdlijn/);
  assert.match(resolveStepForVendor({ step: mitz, vendor: "founda" }).note!.nl, /XDS-regio/);
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
      title: { nl: code, en: code },
      help: { nl: code, en: code },
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
    for (const e of errors) assert.ok(e.message.nl.length > 0);
  }
  const cyc = validateStepCatalogue({ steps: cases[4].steps });
  assert.equal(cyc[0].vendor, "alphatron");
  assert.match(cyc[0].message.nl, /kring/);
});
