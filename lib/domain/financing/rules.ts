/**
 * Financing rules: the versioned rule set (data, not code: the financiers VWS and ZN change it
 * by decision), the shipped default, and the checks a version must pass before it is saved or
 * published. The computation is in ./eligibility.ts, the plain-language explanation in
 * ./explanation.ts.
 *
 * Model:
 * - A rule set VERSION is effective from `effectiveFrom` up to and including `effectiveUntil`,
 *   or, when that is null, until the next version starts. Versions may not overlap.
 * - `packageConditions` hold for every rule of the version: the package is integral, so
 *   without the agreements (vendor contract and Twiin participant agreement) nothing is paid.
 * - A rule lists the onboarding steps that must be verified (`conditions`), the vendors it
 *   applies to with an amount each (integer euro CENTS; `null` = "to be determined"), and its
 *   kind: `annual` (per year, optionally pro rata per month), `one_off`, or `central_funding`
 *   (financed centrally, e.g. the Beeldtijdlijn basic service via VZVZ: no per-institution
 *   payment, shown as such).
 * - Titles, descriptions and exclusions are content of the rule set (stored per version, in
 *   both languages, edited by the programme office), not UI text.
 */
import { translator, type Locale } from "@/lib/i18n/messages";
import { formatDate, isIsoDate, type IsoDate, type LocalizedText } from "../dates";
import { STEP_CODES, type StepCode } from "../steps";
import { VENDOR_LABELS, isVendor, type Vendor } from "../vendors";

export type FinancingRuleKind = "annual" | "one_off" | "central_funding";

export type FinancingRule = {
  /** Stable across versions, so a changed amount is the same rule with a new amount. */
  code: string;
  kind: FinancingRuleKind;
  title: LocalizedText;
  description: LocalizedText;
  /** Vendors the rule applies to, each with an amount in euro cents (null = to be determined). */
  amounts: Partial<Record<Vendor, number | null>>;
  /** Steps that must be verified (in addition to the version's package conditions). */
  conditions: readonly StepCode[];
  /** Annual rules: pay per month from the month the conditions are met. */
  proRata: "monthly" | "none";
  /** Central funding: who pays. */
  fundedBy?: LocalizedText;
};

export type FinancingRuleSet = {
  version: number;
  effectiveFrom: IsoDate;
  /** Last day it is in effect (inclusive); null = until the next version. */
  effectiveUntil: IsoDate | null;
  /** When the financiers review the package (yearly). */
  reviewDate: IsoDate | null;
  title: LocalizedText;
  changeNote?: LocalizedText;
  /** Conditions every rule in this version shares (the integral package). */
  packageConditions: readonly StepCode[];
  /** Costs explicitly never financed, shown in every explanation. */
  exclusions: readonly LocalizedText[];
  rules: readonly FinancingRule[];
};

/** The proposal as described in the programme documents (DOMAIN.md, issue 8). */
export const DEFAULT_FINANCING_RULE_SETS: readonly FinancingRuleSet[] = [
  {
    version: 1,
    effectiveFrom: "2026-01-01",
    effectiveUntil: null,
    reviewDate: "2026-12-01",
    title: { nl: "Financieringsvoorstel landelijke beeldbeschikbaarheid (DUO)", en: "Financing proposal national image availability (DUO)" },
    changeNote: { nl: "Eerste versie, volgens het voorstel van VWS en ZN.", en: "First version, following the VWS and ZN proposal." },
    packageConditions: ["vendor_contract_signed", "twiin_agreement_signed"],
    exclusions: [
      {
        nl: "De kosten van het PACS zelf worden niet gefinancierd.",
        en: "The costs of the PACS itself are not financed.",
      },
    ],
    rules: [
      {
        code: "duo_annual_compensation",
        kind: "annual",
        title: { nl: "Jaarlijkse tegemoetkoming DUO-aansluiting (incl. Mitz)", en: "Annual compensation for the DUO connection (incl. Mitz)" },
        description: {
          nl: "Voor instellingen op Enovation XDS of Founda XDSCloud met een werkende DUO-aansluiting inclusief Mitz, als tegemoetkoming vergelijkbaar met de kosten van de Beeldtijdlijn.",
          en: "For institutions on Enovation XDS or Founda XDSCloud with a live DUO connection including Mitz, as a compensation comparable to the Beeldtijdlijn's costs.",
        },
        amounts: { enovation: 3_500_000, founda: 3_500_000 },
        conditions: ["mitz_connected", "go_live"],
        proRata: "monthly",
      },
      {
        code: "beeldtijdlijn_basic_service",
        kind: "central_funding",
        title: { nl: "Basisdienstverlening Beeldtijdlijn via VZVZ", en: "Beeldtijdlijn basic service via VZVZ" },
        description: {
          nl: "De basisdienstverlening van de Beeldtijdlijn wordt centraal gefinancierd via VZVZ, zoals het Twiin Portaal. Er is geen betaling per instelling.",
          en: "The Beeldtijdlijn basic service is financed centrally via VZVZ, like the Twiin portal. There is no payment per institution.",
        },
        amounts: { alphatron: null },
        conditions: [],
        proRata: "none",
        fundedBy: { nl: "VZVZ", en: "VZVZ" },
      },
      {
        code: "pacs_integration_one_off",
        kind: "one_off",
        title: { nl: "Eenmalige tegemoetkoming integratie tijdlijn in het PACS", en: "One-off compensation for integrating the timeline in the PACS" },
        description: {
          nl: "ZN werkt met de leveranciers en VZVZ aan een tegemoetkoming voor de eenmalige kosten van de integratie van de tijdlijn in het PACS.",
          en: "ZN is working with the vendors and VZVZ on a compensation for the one-off costs of integrating the timeline in the PACS.",
        },
        amounts: { enovation: null, founda: null, alphatron: null },
        conditions: ["pacs_integration"],
        proRata: "none",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Validation: errors are codes with parameters; the texts are financing.rule_errors.<code>
// in messages/*.json (dates as YYYY-MM-DD params, formatted by the renderer).
// ---------------------------------------------------------------------------------------------

export type RuleSetErrorCode =
  | "invalid_date"
  | "invalid_period"
  | "overlapping_period"
  | "duplicate_version"
  | "duplicate_rule_code"
  | "negative_amount"
  | "invalid_amount"
  | "unknown_vendor"
  | "no_vendors"
  | "unknown_step"
  | "central_funding_with_amount"
  /** Publishing only: the change note is missing. */
  | "change_note_required";

export const RULE_SET_ERROR_CODES: readonly RuleSetErrorCode[] = [
  "invalid_date",
  "invalid_period",
  "overlapping_period",
  "duplicate_version",
  "duplicate_rule_code",
  "negative_amount",
  "invalid_amount",
  "unknown_vendor",
  "no_vendors",
  "unknown_step",
  "central_funding_with_amount",
  "change_note_required",
];

/** Parameters of a rule set error; `vendor` is a vendor code, dates are IsoDate (shown formatted). */
export type RuleSetErrorParams = {
  version: number;
  rule?: string;
  vendor?: string;
  step?: string;
  from?: IsoDate;
  until?: IsoDate;
  other?: number;
};

export type RuleSetError = { code: RuleSetErrorCode; version: number; ruleCode?: string; params: RuleSetErrorParams };

/**
 * Checks rule set versions before they are saved or published: dates, periods that do not
 * overlap, amounts (whole cents, not negative), known vendors and step codes.
 */
export function validateRuleSets({
  ruleSets,
  knownStepCodes = STEP_CODES,
}: {
  ruleSets: readonly FinancingRuleSet[];
  knownStepCodes?: readonly string[];
}): RuleSetError[] {
  const errors: RuleSetError[] = [];
  const versions = new Set<number>();
  for (const rs of ruleSets) {
    const v = rs.version;
    if (versions.has(v)) errors.push({ code: "duplicate_version", version: v, params: { version: v } });
    versions.add(v);
    const datesOk = isIsoDate(rs.effectiveFrom) && (rs.effectiveUntil === null || isIsoDate(rs.effectiveUntil)) && (rs.reviewDate === null || isIsoDate(rs.reviewDate));
    if (!datesOk) {
      errors.push({ code: "invalid_date", version: v, params: { version: v } });
    } else if (rs.effectiveUntil !== null && rs.effectiveUntil < rs.effectiveFrom) {
      errors.push({ code: "invalid_period", version: v, params: { version: v, until: rs.effectiveUntil, from: rs.effectiveFrom } });
    }
    const checkSteps = (codes: readonly string[], ruleCode?: string) => {
      for (const c of codes) {
        if (knownStepCodes.includes(c)) continue;
        errors.push({ code: "unknown_step", version: v, ruleCode, params: ruleCode ? { version: v, rule: ruleCode, step: c } : { version: v, step: c } });
      }
    };
    checkSteps(rs.packageConditions);
    const ruleCodes = new Set<string>();
    for (const rule of rs.rules) {
      const params = { version: v, rule: rule.code };
      if (ruleCodes.has(rule.code)) errors.push({ code: "duplicate_rule_code", version: v, ruleCode: rule.code, params });
      ruleCodes.add(rule.code);
      checkSteps(rule.conditions, rule.code);
      const entries = Object.entries(rule.amounts);
      if (entries.length === 0) errors.push({ code: "no_vendors", version: v, ruleCode: rule.code, params });
      for (const [vendor, amount] of entries) {
        if (!isVendor(vendor)) {
          errors.push({ code: "unknown_vendor", version: v, ruleCode: rule.code, params: { ...params, vendor } });
          continue;
        }
        if (amount === null || amount === undefined) continue;
        const code: RuleSetErrorCode | null =
          rule.kind === "central_funding"
            ? "central_funding_with_amount"
            : typeof amount !== "number" || !Number.isFinite(amount) || !Number.isInteger(amount)
              ? "invalid_amount"
              : amount < 0
                ? "negative_amount"
                : null;
        if (code) errors.push({ code, version: v, ruleCode: rule.code, params: { ...params, vendor } });
      }
    }
  }

  // Overlap: only explicit end dates can reach into a later version; equal start dates always clash.
  const valid = ruleSets.filter((r) => isIsoDate(r.effectiveFrom));
  for (let i = 0; i < valid.length; i++) {
    for (let j = 0; j < valid.length; j++) {
      if (i === j) continue;
      const a = valid[i];
      const b = valid[j];
      const sameStart = a.effectiveFrom === b.effectiveFrom && i < j;
      const reaches = a.effectiveFrom < b.effectiveFrom && a.effectiveUntil !== null && a.effectiveUntil >= b.effectiveFrom;
      if (sameStart || reaches) {
        errors.push({ code: "overlapping_period", version: b.version, params: { version: b.version, from: b.effectiveFrom, other: a.version } });
      }
    }
  }
  return errors;
}

/** Checks one version (new or edited) against the versions already stored. */
export function validateRuleSet({
  ruleSet,
  otherRuleSets = [],
  knownStepCodes,
}: {
  ruleSet: FinancingRuleSet;
  otherRuleSets?: readonly FinancingRuleSet[];
  knownStepCodes?: readonly string[];
}): RuleSetError[] {
  const others = otherRuleSets.filter((r) => r !== ruleSet);
  const key = (e: RuleSetError) => JSON.stringify([e.code, e.params]);
  const own = new Set<RuleSetError>(validateRuleSets({ ruleSets: [ruleSet], knownStepCodes }));
  const together = validateRuleSets({ ruleSets: [...others, ruleSet], knownStepCodes });
  const othersAlone = new Set(validateRuleSets({ ruleSets: others, knownStepCodes }).map(key));
  // Keep the candidate's own errors plus conflicts it causes, not old problems among the others.
  return [...own, ...together.filter((e) => (e.code === "overlapping_period" || e.code === "duplicate_version") && !othersAlone.has(key(e)))];
}

/** The text of a rule set error (financing.rule_errors.<code>; an unknown step inside a rule names the rule) in one language. */
export function ruleSetErrorText(e: { code: RuleSetErrorCode; params?: RuleSetErrorParams }, locale: Locale): string {
  const t = translator(locale) as unknown as (key: string, values?: Record<string, string | number>) => string;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.params ?? {})) {
    if (v === undefined) continue;
    values[k] = k === "from" || k === "until" ? formatDate(String(v))[locale] : k === "vendor" && isVendor(v) ? VENDOR_LABELS[v].name : v;
  }
  const key = e.code === "unknown_step" && e.params?.rule ? "unknown_step_in_rule" : e.code;
  return t(`financing.rule_errors.${key}`, values);
}

// ---------------------------------------------------------------------------------------------
// Lookups shared by the computation
// ---------------------------------------------------------------------------------------------

/** The version in effect on `date` (the latest start on or before it that has not ended). */
export function findRuleSetAt(ruleSets: readonly FinancingRuleSet[], date: IsoDate): FinancingRuleSet | null {
  let best: FinancingRuleSet | null = null;
  for (const rs of ruleSets) {
    if (rs.effectiveFrom > date) continue;
    if (rs.effectiveUntil !== null && rs.effectiveUntil < date) continue;
    if (!best || rs.effectiveFrom > best.effectiveFrom) best = rs;
  }
  return best;
}

/** The package conditions plus the rule's own, once each. */
export function allConditions(rs: FinancingRuleSet, rule: FinancingRule): StepCode[] {
  return [...new Set([...rs.packageConditions, ...rule.conditions])];
}

export function appliesTo(rule: FinancingRule, vendor: Vendor | null): vendor is Vendor {
  return vendor !== null && Object.prototype.hasOwnProperty.call(rule.amounts, vendor);
}
