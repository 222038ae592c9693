import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_FINANCING_RULE_SETS, validateRuleSets } from "@/lib/domain/financing";
import {
  centsToEuroInput,
  definitionToRuleSet,
  emptyRuleForm,
  formToRuleSet,
  parseEuroAmount,
  ruleSetFormSchema,
  ruleSetToDefinition,
  ruleSetToForm,
  type RuleSetFormInput,
} from "@/lib/validation/financing";

const V1 = DEFAULT_FINANCING_RULE_SETS[0];

test("parseEuroAmount reads amounts the way Dutch users type them", () => {
  const table: [string, number | string][] = [
    ["35000", 3_500_000],
    ["35.000", 3_500_000],
    ["€ 35.000", 3_500_000],
    ["€ 35.000,-", 3_500_000],
    ["35.000,50", 3_500_050],
    ["1.250,5", 125_050],
    ["1250,50", 125_050],
    ["35000.50", 3_500_050],
    ["1.250.000", 125_000_000],
    ["0", 0],
    ["", "empty"],
    ["   ", "empty"],
    ["-100", "negative"],
    ["-1.000,00", "negative"],
    ["12,345", "too_precise"],
    ["abc", "invalid"],
    ["1,2,3", "invalid"],
    ["12.34.56", "invalid"],
    ["99999999999", "too_large"],
  ];
  for (const [input, expected] of table) {
    const r = parseEuroAmount(input);
    if (typeof expected === "number") assert.deepEqual(r, { ok: true, cents: expected }, input);
    else assert.deepEqual(r, { ok: false, code: expected }, input);
  }
});

test("centsToEuroInput round-trips through parseEuroAmount", () => {
  for (const cents of [0, 1, 99, 100, 3_500_000, 125_050, 291_667]) {
    const s = centsToEuroInput(cents);
    assert.deepEqual(parseEuroAmount(s), { ok: true, cents }, s);
  }
  assert.equal(centsToEuroInput(3_500_000), "35000");
  assert.equal(centsToEuroInput(125_050), "1250,50");
});

test("the default rule set survives the form and the stored JSON unchanged", () => {
  const form = ruleSetToForm(V1);
  const parsed = ruleSetFormSchema.parse(form);
  const back = formToRuleSet(parsed, { version: 1 });
  assert.deepEqual({ ...back, changeNote: undefined }, { ...V1, changeNote: undefined });
  assert.deepEqual(validateRuleSets({ ruleSets: [back] }), []);
  const stored = definitionToRuleSet({ ...V1, changeNote: V1.changeNote!.nl, definition: JSON.parse(JSON.stringify(ruleSetToDefinition(V1))) });
  assert.deepEqual({ ...stored, changeNote: undefined }, { ...V1, changeNote: undefined });
});

test("the form turns an amount and 'nog te bepalen' into cents and null", () => {
  const form = ruleSetToForm(V1);
  form.rules[0].vendors.enovation = { applies: true, amount: "40.000", tbd: false };
  form.rules[0].vendors.founda = { applies: true, amount: "", tbd: true };
  form.rules[2].vendors.enovation = { applies: true, amount: "12.500,00", tbd: false };
  form.rules[2].vendors.alphatron = { applies: false, amount: "", tbd: false };
  const rs = formToRuleSet(ruleSetFormSchema.parse(form), { version: 2 });
  assert.deepEqual(rs.rules[0].amounts, { enovation: 4_000_000, founda: null });
  assert.deepEqual(rs.rules[2].amounts, { enovation: 1_250_000, founda: null });
  assert.deepEqual(rs.rules[1].amounts, { alphatron: null });
  assert.equal(rs.rules[1].fundedBy?.nl, "VZVZ");
});

test("integral off means no package conditions; pro rata only for annual rules", () => {
  const form = ruleSetToForm(V1);
  form.integral = false;
  form.rules[2].proRata = true;
  const rs = formToRuleSet(ruleSetFormSchema.parse(form), { version: 2 });
  assert.deepEqual(rs.packageConditions, []);
  assert.equal(rs.rules[2].proRata, "none");
  assert.equal(rs.rules[0].proRata, "monthly");
});

test("the form schema refuses bad input with a message key per field", () => {
  const base = () => ruleSetToForm(V1) as RuleSetFormInput & { rules: NonNullable<RuleSetFormInput["rules"]> };
  const table: { name: string; change: (f: ReturnType<typeof base>) => void; path: string; message: string }[] = [
    { name: "negative amount", change: (f) => (f.rules[0].vendors.enovation.amount = "-35000"), path: "rules.0.vendors.enovation.amount", message: "financing.v.amount_negative" },
    { name: "amount missing", change: (f) => (f.rules[0].vendors.enovation.amount = ""), path: "rules.0.vendors.enovation.amount", message: "financing.v.amount_empty" },
    { name: "amount not a number", change: (f) => (f.rules[0].vendors.founda.amount = "veel"), path: "rules.0.vendors.founda.amount", message: "financing.v.amount_invalid" },
    {
      name: "no vendor",
      change: (f) => {
        for (const v of ["enovation", "founda", "alphatron"] as const) f.rules[0].vendors[v].applies = false;
      },
      path: "rules.0.vendors",
      message: "financing.v.no_vendors",
    },
    { name: "central funding without payer", change: (f) => (f.rules[1].fundedBy = " "), path: "rules.1.fundedBy", message: "financing.v.funded_by_required" },
    { name: "bad code", change: (f) => (f.rules[0].code = "Jaarlijks!"), path: "rules.0.code", message: "financing.v.code_invalid" },
    { name: "duplicate code", change: (f) => (f.rules[2].code = f.rules[0].code), path: "rules.2.code", message: "financing.v.code_duplicate" },
    { name: "bad start date", change: (f) => (f.effectiveFrom = "2026-02-30"), path: "effectiveFrom", message: "financing.v.date_invalid" },
    { name: "integral without conditions", change: (f) => (f.packageConditions = []), path: "packageConditions", message: "financing.v.integral_needs_conditions" },
    { name: "exclusions do not pair up", change: (f) => (f.exclusionsEn = ""), path: "exclusionsEn", message: "financing.v.exclusions_mismatch" },
    { name: "no rules", change: (f) => (f.rules = []), path: "rules", message: "financing.v.no_rules" },
    { name: "empty title", change: (f) => (f.titleNl = ""), path: "titleNl", message: "financing.v.title_required" },
  ];
  for (const row of table) {
    const f = base();
    row.change(f);
    const r = ruleSetFormSchema.safeParse(f);
    assert.equal(r.success, false, row.name);
    const issue = r.error!.issues.find((i) => i.path.join(".") === row.path);
    assert.ok(issue, `${row.name}: no issue at ${row.path} in ${JSON.stringify(r.error!.issues.map((i) => i.path.join(".")))}`);
    assert.equal(issue.message, row.message, row.name);
  }
});

test("a 'nog te bepalen' amount needs no number, and checkbox groups accept what forms send", () => {
  const f = ruleSetToForm(V1);
  f.rules[0].vendors.enovation = { applies: true, amount: "", tbd: true };
  (f.rules[0] as { conditions: unknown }).conditions = false; // react-hook-form: nothing ticked
  (f as { packageConditions: unknown }).packageConditions = "twiin_agreement_signed"; // one ticked
  const parsed = ruleSetFormSchema.parse(f);
  assert.deepEqual(parsed.rules[0].conditions, []);
  assert.deepEqual(parsed.packageConditions, ["twiin_agreement_signed"]);
  const added = ruleSetFormSchema.safeParse({ ...ruleSetToForm(V1), rules: [...ruleSetToForm(V1).rules, { ...emptyRuleForm("regel_4"), titleNl: "Nieuw", titleEn: "New" }] });
  assert.equal(added.success, true);
});
