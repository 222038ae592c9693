/**
 * Financing eligibility: a versioned rule set (data, not code: the financiers VWS and ZN change
 * it by decision) and the pure computation of what one institution is eligible for.
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
 *
 * Computation (all dates are `YYYY-MM-DD`, amounts integer cents):
 * - A condition step holds on day D when a verified fact has `metOn <= D` and it did not end
 *   (`endedOn` is the first day it no longer counts, e.g. an agreement revoked).
 * - Months are judged on their LAST day: the version in effect, the vendor and the conditions
 *   on that day decide the month. So payment runs "from the month the conditions are met"
 *   (met on 10 December: December counts), and an agreement revoked on 15 July loses July.
 * - Annual pro rata: each eligible month earns 1/12 of the annual amount of that month's
 *   version and vendor. Without pro rata, the full annual amount of the first eligible month
 *   is due when any month of the year is eligible.
 * - One-off: due once, in the first month (ever) its conditions hold.
 * - Months after `today` are a projection from the facts given (pass planned dates as facts
 *   to ask "what if these institutions go live as planned").
 * - Rounding happens once per segment (rule x version x vendor within the year); every total
 *   is a sum of segment cents, so programme totals equal the sum of institution results.
 */
import {
  formatDate,
  formatEuroCents,
  getMonthEnd,
  isIsoDate,
  maxDate,
  minDate,
  toAmsterdamDate,
  type IsoDate,
  type LocalizedText,
} from "./dates";
import type { StepEvent } from "./phase-at";
import type { StepStatusMap } from "./readiness";
import { STEP_CATALOGUE, STEP_CODES, type StepCode, type StepDefinition } from "./steps";
import { VENDOR_CODES, VENDOR_LABELS, isVendor, resolveVendorAt, type Vendor, type VendorPeriod } from "./vendors";

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
// Validation
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
  | "central_funding_with_amount";

export type RuleSetError = { code: RuleSetErrorCode; version: number; ruleCode?: string; message: LocalizedText };

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
    if (versions.has(v)) {
      errors.push({ code: "duplicate_version", version: v, message: { nl: `Versie ${v} bestaat al.`, en: `Version ${v} already exists.` } });
    }
    versions.add(v);
    const datesOk = isIsoDate(rs.effectiveFrom) && (rs.effectiveUntil === null || isIsoDate(rs.effectiveUntil)) && (rs.reviewDate === null || isIsoDate(rs.reviewDate));
    if (!datesOk) {
      errors.push({
        code: "invalid_date",
        version: v,
        message: { nl: `Versie ${v}: vul geldige datums in (jjjj-mm-dd).`, en: `Version ${v}: enter valid dates (yyyy-mm-dd).` },
      });
    } else if (rs.effectiveUntil !== null && rs.effectiveUntil < rs.effectiveFrom) {
      errors.push({
        code: "invalid_period",
        version: v,
        message: {
          nl: `Versie ${v}: de einddatum ${formatDate(rs.effectiveUntil).nl} ligt vóór de ingangsdatum ${formatDate(rs.effectiveFrom).nl}.`,
          en: `Version ${v}: the end date ${formatDate(rs.effectiveUntil).en} is before the start date ${formatDate(rs.effectiveFrom).en}.`,
        },
      });
    }
    const checkSteps = (codes: readonly string[], ruleCode?: string) => {
      for (const c of codes) {
        if (!knownStepCodes.includes(c)) {
          errors.push({
            code: "unknown_step",
            version: v,
            ruleCode,
            message: {
              nl: `Versie ${v}${ruleCode ? `, regel ${ruleCode}` : ""}: de voorwaarde verwijst naar een onbekende stap „${c}”.`,
              en: `Version ${v}${ruleCode ? `, rule ${ruleCode}` : ""}: the condition refers to an unknown step “${c}”.`,
            },
          });
        }
      }
    };
    checkSteps(rs.packageConditions);
    const ruleCodes = new Set<string>();
    for (const rule of rs.rules) {
      if (ruleCodes.has(rule.code)) {
        errors.push({
          code: "duplicate_rule_code",
          version: v,
          ruleCode: rule.code,
          message: { nl: `Versie ${v}: regel ${rule.code} komt dubbel voor.`, en: `Version ${v}: rule ${rule.code} occurs twice.` },
        });
      }
      ruleCodes.add(rule.code);
      checkSteps(rule.conditions, rule.code);
      const entries = Object.entries(rule.amounts);
      if (entries.length === 0) {
        errors.push({
          code: "no_vendors",
          version: v,
          ruleCode: rule.code,
          message: { nl: `Regel ${rule.code}: kies ten minste één leverancier.`, en: `Rule ${rule.code}: choose at least one vendor.` },
        });
      }
      for (const [vendor, amount] of entries) {
        if (!isVendor(vendor)) {
          errors.push({
            code: "unknown_vendor",
            version: v,
            ruleCode: rule.code,
            message: { nl: `Regel ${rule.code}: onbekende leverancier „${vendor}”.`, en: `Rule ${rule.code}: unknown vendor “${vendor}”.` },
          });
          continue;
        }
        const name = VENDOR_LABELS[vendor].name;
        if (amount === null || amount === undefined) continue;
        if (rule.kind === "central_funding") {
          errors.push({
            code: "central_funding_with_amount",
            version: v,
            ruleCode: rule.code,
            message: {
              nl: `Regel ${rule.code}: bij centrale financiering hoort geen bedrag per instelling (${name}).`,
              en: `Rule ${rule.code}: central funding has no amount per institution (${name}).`,
            },
          });
        } else if (typeof amount !== "number" || !Number.isFinite(amount) || !Number.isInteger(amount)) {
          errors.push({
            code: "invalid_amount",
            version: v,
            ruleCode: rule.code,
            message: {
              nl: `Regel ${rule.code}: het bedrag voor ${name} moet in hele centen zijn.`,
              en: `Rule ${rule.code}: the amount for ${name} must be in whole cents.`,
            },
          });
        } else if (amount < 0) {
          errors.push({
            code: "negative_amount",
            version: v,
            ruleCode: rule.code,
            message: {
              nl: `Regel ${rule.code}: het bedrag voor ${name} mag niet negatief zijn.`,
              en: `Rule ${rule.code}: the amount for ${name} cannot be negative.`,
            },
          });
        }
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
        errors.push({
          code: "overlapping_period",
          version: b.version,
          message: {
            nl: `Versie ${b.version} (vanaf ${formatDate(b.effectiveFrom).nl}) overlapt met versie ${a.version}. Laat versie ${a.version} eerder eindigen of kies een andere ingangsdatum.`,
            en: `Version ${b.version} (from ${formatDate(b.effectiveFrom).en}) overlaps version ${a.version}. End version ${a.version} earlier or choose another start date.`,
          },
        });
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
  const own = new Set<RuleSetError>(validateRuleSets({ ruleSets: [ruleSet], knownStepCodes }));
  const together = validateRuleSets({ ruleSets: [...others, ruleSet], knownStepCodes });
  const othersAlone = new Set(validateRuleSets({ ruleSets: others, knownStepCodes }).map((e) => e.message.en));
  // Keep the candidate's own errors plus conflicts it causes, not old problems among the others.
  return [...own, ...together.filter((e) => (e.code === "overlapping_period" || e.code === "duplicate_version") && !othersAlone.has(e.message.en))];
}

// ---------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------

/** A verified step, counting from `metOn` (its completion date) until `endedOn` (exclusive). */
export type VerifiedStepFact = { stepCode: StepCode; metOn: IsoDate; endedOn?: IsoDate | null };

/** Facts from current step states: every verified step with its completion date. */
export function toVerifiedStepFacts({ steps }: { steps: StepStatusMap }): VerifiedStepFact[] {
  const facts: VerifiedStepFact[] = [];
  for (const code of STEP_CODES) {
    const s = steps[code];
    if (s?.state !== "verified") continue;
    const metOn = s.completedOn ?? (s.verifiedAt ? toAmsterdamDate(s.verifiedAt) : null);
    if (metOn) facts.push({ stepCode: code, metOn });
  }
  return facts;
}

/**
 * Facts from the step history, including ends: a verified step that later leaves `verified`
 * (revoked, reset, rejected on review) stops counting on the day of that event, or on the
 * event's `completedOn` when it carries one (the date the agreement actually ended).
 */
export function deriveVerifiedStepFacts({ events }: { events: readonly StepEvent[] }): VerifiedStepFact[] {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => {
    const ta = new Date(a.e.at).getTime();
    const tb = new Date(b.e.at).getTime();
    return ta !== tb ? ta - tb : a.i - b.i;
  });
  const facts: VerifiedStepFact[] = [];
  const open = new Map<StepCode, VerifiedStepFact>();
  const lastCompleted = new Map<StepCode, IsoDate>();
  for (const { e } of ordered) {
    if (e.completedOn && e.state !== "open" && e.state !== "not_applicable") lastCompleted.set(e.stepCode, e.completedOn);
    const current = open.get(e.stepCode);
    if (e.state === "verified") {
      if (current) continue;
      const metOn = e.completedOn ?? lastCompleted.get(e.stepCode) ?? toAmsterdamDate(e.at);
      const fact: VerifiedStepFact = { stepCode: e.stepCode, metOn, endedOn: null };
      facts.push(fact);
      open.set(e.stepCode, fact);
    } else if (current) {
      const endedOn = e.state === "open" && e.completedOn ? e.completedOn : toAmsterdamDate(e.at);
      current.endedOn = endedOn < current.metOn ? current.metOn : endedOn;
      open.delete(e.stepCode);
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------

export const ELIGIBILITY_STATUSES = ["eligible", "eligible_from", "not_yet", "not_applicable"] as const;
export type EligibilityStatus = (typeof ELIGIBILITY_STATUSES)[number];

export const ELIGIBILITY_STATUS_LABELS: Record<EligibilityStatus, LocalizedText> = {
  eligible: { nl: "Komt in aanmerking", en: "Eligible" },
  eligible_from: { nl: "Komt in aanmerking vanaf", en: "Eligible from" },
  not_yet: { nl: "Nog niet", en: "Not yet" },
  not_applicable: { nl: "Niet van toepassing", en: "Not applicable" },
};

export type MissingCondition =
  | { kind: "step"; stepCode: StepCode; title: LocalizedText }
  | { kind: "vendor"; vendors: Vendor[]; title: LocalizedText };

export type AnnualSegment = {
  ruleCode: string;
  version: number;
  vendor: Vendor;
  /** Eligible months (1-12) in the year. */
  months: number[];
  annualAmountCents: number | null;
  /** Rounded once here; null when the amount is to be determined. */
  amountCents: number | null;
};

export type AnnualResult = {
  ruleCode: string;
  title: LocalizedText;
  proRata: "monthly" | "none";
  months: number[];
  amountCents: number;
  toBeDetermined: boolean;
  segments: AnnualSegment[];
};

export type OneOffResult = {
  ruleCode: string;
  title: LocalizedText;
  vendor: Vendor;
  version: number;
  /** The month-end on which the conditions first held. */
  dueOn: IsoDate;
  dueYear: number;
  amountCents: number | null;
  /** Counted in this year's totals. */
  inYear: boolean;
};

export type RuleResult = {
  ruleCode: string;
  kind: FinancingRuleKind;
  title: LocalizedText;
  status: EligibilityStatus;
  eligibleFrom: IsoDate | null;
  missing: MissingCondition[];
};

export type EligibilityResult = {
  year: number;
  today: IsoDate;
  vendor: Vendor | null;
  ruleSetVersion: number | null;
  status: EligibilityStatus;
  statusLabel: LocalizedText;
  /** `eligible`: since when (latest of its conditions); `eligible_from`: the future date. */
  eligibleFrom: IsoDate | null;
  missing: MissingCondition[];
  rules: RuleResult[];
  annual: AnnualResult[];
  oneOff: OneOffResult[];
  centralFunding: { ruleCode: string; title: LocalizedText; fundedBy: LocalizedText | null }[];
  /** This year's cents: annual + one-offs due this year. Amounts to be determined count as 0. */
  totalCents: number;
  /** This year's cents per vendor (a vendor switch splits the year). */
  byVendorCents: Partial<Record<Vendor, number>>;
  hasAmountToBeDetermined: boolean;
  reviewDate: IsoDate | null;
  explanation: LocalizedText;
};

type Context = {
  ruleSets: readonly FinancingRuleSet[];
  vendorAt: (d: IsoDate) => Vendor | null;
  holds: (code: StepCode, d: IsoDate) => boolean;
  holdingSince: (code: StepCode, d: IsoDate) => IsoDate | null;
};

function findRuleSetAt(ruleSets: readonly FinancingRuleSet[], date: IsoDate): FinancingRuleSet | null {
  let best: FinancingRuleSet | null = null;
  for (const rs of ruleSets) {
    if (rs.effectiveFrom > date) continue;
    if (rs.effectiveUntil !== null && rs.effectiveUntil < date) continue;
    if (!best || rs.effectiveFrom > best.effectiveFrom) best = rs;
  }
  return best;
}

function allConditions(rs: FinancingRuleSet, rule: FinancingRule): StepCode[] {
  return [...new Set([...rs.packageConditions, ...rule.conditions])];
}

function appliesTo(rule: FinancingRule, vendor: Vendor | null): vendor is Vendor {
  return vendor !== null && Object.prototype.hasOwnProperty.call(rule.amounts, vendor);
}

function ruleHoldsAt(ctx: Context, ruleCode: string, date: IsoDate): { rs: FinancingRuleSet; rule: FinancingRule; vendor: Vendor } | null {
  const rs = findRuleSetAt(ctx.ruleSets, date);
  if (!rs) return null;
  const rule = rs.rules.find((r) => r.code === ruleCode);
  const vendor = ctx.vendorAt(date);
  if (!rule || rule.kind === "central_funding" || !appliesTo(rule, vendor)) return null;
  return allConditions(rs, rule).every((c) => ctx.holds(c, date)) ? { rs, rule, vendor } : null;
}

export function computeEligibility({
  ruleSets,
  vendor,
  vendorHistory,
  verifiedSteps,
  year,
  today,
  catalogue = STEP_CATALOGUE,
}: {
  ruleSets: readonly FinancingRuleSet[];
  /** The vendor when it never changed; otherwise `vendorHistory`. */
  vendor?: Vendor | null;
  vendorHistory?: readonly VendorPeriod[];
  verifiedSteps: readonly VerifiedStepFact[];
  year: number;
  today: IsoDate;
  catalogue?: readonly StepDefinition[];
}): EligibilityResult {
  const vendorAt = (d: IsoDate) => (vendorHistory ? resolveVendorAt({ history: vendorHistory, date: d }) : (vendor ?? null));
  const holdingFacts = (code: StepCode, d: IsoDate) =>
    verifiedSteps.filter((f) => f.stepCode === code && f.metOn <= d && (f.endedOn == null || d < f.endedOn));
  const ctx: Context = {
    ruleSets,
    vendorAt,
    holds: (code, d) => holdingFacts(code, d).length > 0,
    holdingSince: (code, d) => minDate(holdingFacts(code, d).map((f) => f.metOn)),
  };
  const stepTitle = (code: StepCode): LocalizedText => catalogue.find((s) => s.code === code)?.title ?? { nl: code, en: code };

  // ---- this year, month by month -------------------------------------------------------------
  const paymentRuleCodes = [...new Set(ruleSets.flatMap((rs) => rs.rules.filter((r) => r.kind !== "central_funding").map((r) => r.code)))];
  const annual: AnnualResult[] = [];
  for (const code of paymentRuleCodes) {
    const segments = new Map<string, AnnualSegment>();
    let title: LocalizedText | null = null;
    let proRata: "monthly" | "none" = "monthly";
    for (let m = 1; m <= 12; m++) {
      const hit = ruleHoldsAt(ctx, code, getMonthEnd(year, m));
      if (!hit || hit.rule.kind !== "annual") continue;
      title ??= hit.rule.title;
      if (segments.size === 0) proRata = hit.rule.proRata;
      const key = `${hit.rs.version}|${hit.vendor}`;
      const seg = segments.get(key) ?? {
        ruleCode: code,
        version: hit.rs.version,
        vendor: hit.vendor,
        months: [],
        annualAmountCents: hit.rule.amounts[hit.vendor] ?? null,
        amountCents: null,
      };
      seg.months.push(m);
      segments.set(key, seg);
    }
    if (segments.size === 0 || !title) continue;
    let segs = [...segments.values()];
    if (proRata === "none") {
      // Full year on the terms of the first eligible month.
      const first = segs.reduce((a, b) => (a.months[0] <= b.months[0] ? a : b));
      segs = [{ ...first, months: segs.flatMap((s) => s.months).sort((a, b) => a - b), amountCents: first.annualAmountCents }];
    } else {
      for (const s of segs) s.amountCents = s.annualAmountCents === null ? null : Math.round((s.annualAmountCents * s.months.length) / 12);
    }
    annual.push({
      ruleCode: code,
      title,
      proRata,
      months: segs.flatMap((s) => s.months).sort((a, b) => a - b),
      amountCents: segs.reduce((sum, s) => sum + (s.amountCents ?? 0), 0),
      toBeDetermined: segs.some((s) => s.amountCents === null),
      segments: segs,
    });
  }

  // ---- one-offs: the first month (ever) the conditions hold ---------------------------------
  const oneOff: OneOffResult[] = [];
  const firstFrom = minDate(ruleSets.map((r) => r.effectiveFrom));
  for (const code of paymentRuleCodes) {
    if (!firstFrom) break;
    const [fy, fm] = firstFrom.split("-").map(Number);
    let found: OneOffResult | null = null;
    for (let y = fy, m = fm; y < year || (y === year && m <= 12); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
      const end = getMonthEnd(y, m);
      const hit = ruleHoldsAt(ctx, code, end);
      if (hit && hit.rule.kind === "one_off") {
        found = {
          ruleCode: code,
          title: hit.rule.title,
          vendor: hit.vendor,
          version: hit.rs.version,
          dueOn: end,
          dueYear: y,
          amountCents: hit.rule.amounts[hit.vendor] ?? null,
          inYear: y === year,
        };
        break;
      }
    }
    if (found) oneOff.push(found);
  }

  // ---- status on today -----------------------------------------------------------------------
  const rsToday = findRuleSetAt(ruleSets, today);
  const vendorToday = vendorAt(today);
  const futureDates = [
    ...verifiedSteps.flatMap((f) => [f.metOn]),
    ...(vendorHistory ?? []).map((p) => p.from),
    ...ruleSets.map((r) => r.effectiveFrom),
  ]
    .filter((d) => d > today)
    .sort();

  const ruleResults: RuleResult[] = [];
  const centralFunding: EligibilityResult["centralFunding"] = [];
  const candidateCodes = new Set<string>();
  for (const rs of ruleSets) for (const r of rs.rules) if (r.kind !== "central_funding") candidateCodes.add(r.code);

  for (const code of candidateCodes) {
    const ruleToday = rsToday?.rules.find((r) => r.code === code) ?? null;
    const anyVersionRule = ruleSets.flatMap((rs) => rs.rules).find((r) => r.code === code)!;
    const title = ruleToday?.title ?? anyVersionRule.title;
    const kind = ruleToday?.kind ?? anyVersionRule.kind;
    const holdsToday = ruleHoldsAt(ctx, code, today);
    // A one-off already due stays listed in `oneOff`, but the status follows today's conditions
    // (an agreement revoked after payment means: not eligible now).
    if (holdsToday) {
      const since = maxDate([
        ...allConditions(holdsToday.rs, holdsToday.rule).map((c) => ctx.holdingSince(c, today)),
        holdsToday.rs.effectiveFrom,
        vendorHistory ? (vendorHistory.filter((p) => p.from <= today).map((p) => p.from).sort().pop() ?? null) : null,
      ]);
      ruleResults.push({ ruleCode: code, kind, title, status: "eligible", eligibleFrom: since, missing: [] });
      continue;
    }
    const future = futureDates.find((d) => ruleHoldsAt(ctx, code, d));
    if (future) {
      ruleResults.push({ ruleCode: code, kind, title, status: "eligible_from", eligibleFrom: future, missing: [] });
      continue;
    }
    // Not yet, or not for this vendor at all (judged on today's version, else the next one).
    const rsRef = rsToday ?? ruleSets.filter((r) => r.effectiveFrom > today).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0] ?? null;
    const ruleRef = rsRef?.rules.find((r) => r.code === code) ?? null;
    if (!rsRef || !ruleRef) {
      ruleResults.push({ ruleCode: code, kind, title, status: "not_applicable", eligibleFrom: null, missing: [] });
      continue;
    }
    if (vendorToday === null) {
      const vendors = VENDOR_CODES.filter((v) => appliesTo(ruleRef, v));
      ruleResults.push({
        ruleCode: code,
        kind,
        title,
        status: "not_yet",
        eligibleFrom: null,
        missing: [
          { kind: "vendor", vendors, title: { nl: "Leverancier gekozen (nog geen leverancier bekend)", en: "Vendor chosen (no vendor known yet)" } },
          ...allConditions(rsRef, ruleRef)
            .filter((c) => !ctx.holds(c, today))
            .map((c): MissingCondition => ({ kind: "step", stepCode: c, title: stepTitle(c) })),
        ],
      });
      continue;
    }
    if (!appliesTo(ruleRef, vendorToday)) {
      ruleResults.push({ ruleCode: code, kind, title, status: "not_applicable", eligibleFrom: null, missing: [] });
      continue;
    }
    ruleResults.push({
      ruleCode: code,
      kind,
      title,
      status: "not_yet",
      eligibleFrom: null,
      missing: allConditions(rsRef, ruleRef)
        .filter((c) => !ctx.holds(c, today))
        .map((c) => ({ kind: "step", stepCode: c, title: stepTitle(c) })),
    });
  }
  if (rsToday) {
    for (const r of rsToday.rules) {
      if (r.kind === "central_funding" && appliesTo(r, vendorToday)) {
        centralFunding.push({ ruleCode: r.code, title: r.title, fundedBy: r.fundedBy ?? null });
      }
    }
  }

  // Overall: the best status among the payment rules.
  const rank: Record<EligibilityStatus, number> = { eligible: 0, eligible_from: 1, not_yet: 2, not_applicable: 3 };
  const best = ruleResults.reduce<EligibilityStatus>((acc, r) => (rank[r.status] < rank[acc] ? r.status : acc), "not_applicable");
  const eligibleFrom =
    best === "eligible"
      ? minDate(ruleResults.filter((r) => r.status === "eligible").map((r) => r.eligibleFrom))
      : best === "eligible_from"
        ? minDate(ruleResults.filter((r) => r.status === "eligible_from").map((r) => r.eligibleFrom))
        : null;
  const missingMap = new Map<string, MissingCondition>();
  if (best === "not_yet") {
    for (const r of ruleResults.filter((x) => x.status === "not_yet")) {
      for (const m of r.missing) {
        const prev = missingMap.get(m.kind === "step" ? m.stepCode : "vendor");
        if (m.kind === "vendor" && prev?.kind === "vendor") {
          missingMap.set("vendor", { ...m, vendors: VENDOR_CODES.filter((v) => m.vendors.includes(v) || prev.vendors.includes(v)) });
        } else missingMap.set(m.kind === "step" ? m.stepCode : "vendor", m);
      }
    }
  }
  const missing = [...missingMap.values()].sort((a, b) => missingOrder(a) - missingOrder(b));

  const byVendorCents: Partial<Record<Vendor, number>> = {};
  for (const a of annual) for (const s of a.segments) byVendorCents[s.vendor] = (byVendorCents[s.vendor] ?? 0) + (s.amountCents ?? 0);
  for (const o of oneOff) if (o.inYear) byVendorCents[o.vendor] = (byVendorCents[o.vendor] ?? 0) + (o.amountCents ?? 0);
  const totalCents = Object.values(byVendorCents).reduce((s, c) => s + (c ?? 0), 0);
  const hasAmountToBeDetermined = annual.some((a) => a.toBeDetermined) || oneOff.some((o) => o.amountCents === null);

  const result: Omit<EligibilityResult, "explanation"> = {
    year,
    today,
    vendor: vendorToday,
    ruleSetVersion: rsToday?.version ?? null,
    status: best,
    statusLabel: ELIGIBILITY_STATUS_LABELS[best],
    eligibleFrom,
    missing,
    rules: ruleResults,
    annual,
    oneOff,
    centralFunding,
    totalCents,
    byVendorCents,
    hasAmountToBeDetermined,
    reviewDate: rsToday?.reviewDate ?? null,
  };
  return { ...result, explanation: explainEligibility({ result, ruleSet: rsToday }) };
}

function missingOrder(m: MissingCondition): number {
  return m.kind === "vendor" ? -1 : STEP_CODES.indexOf(m.stepCode);
}

const MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function explainEligibility({ result, ruleSet }: { result: Omit<EligibilityResult, "explanation">; ruleSet: FinancingRuleSet | null }): LocalizedText {
  const nl: string[] = [];
  const en: string[] = [];
  const eur = (c: number | null) => (c === null ? { nl: "bedrag nog niet vastgesteld", en: "amount to be determined" } : formatEuroCents(c));

  switch (result.status) {
    case "eligible": {
      const titles = result.rules.filter((r) => r.status === "eligible");
      nl.push(`Deze instelling komt in aanmerking voor: ${titles.map((t) => `„${t.title.nl}”`).join(" en ")}${result.eligibleFrom ? ` (voorwaarden vervuld sinds ${formatDate(result.eligibleFrom).nl})` : ""}.`);
      en.push(`This institution is eligible for: ${titles.map((t) => `“${t.title.en}”`).join(" and ")}${result.eligibleFrom ? ` (conditions met since ${formatDate(result.eligibleFrom).en})` : ""}.`);
      break;
    }
    case "eligible_from":
      nl.push(`Deze instelling komt in aanmerking vanaf ${formatDate(result.eligibleFrom!).nl}.`);
      en.push(`This institution is eligible from ${formatDate(result.eligibleFrom!).en}.`);
      break;
    case "not_yet":
      nl.push(`Deze instelling komt nog niet in aanmerking. Nog nodig: ${result.missing.map((m) => `„${m.title.nl}”`).join(", ")}.`);
      en.push(`This institution is not eligible yet. Still needed: ${result.missing.map((m) => `“${m.title.en}”`).join(", ")}.`);
      break;
    case "not_applicable":
      nl.push(
        ruleSet
          ? "Voor deze instelling geldt geen vergoeding per instelling."
          : `Er is op ${formatDate(result.today).nl} geen financieringsregeling van kracht.`,
      );
      en.push(ruleSet ? "No per-institution payment applies to this institution." : `No financing rule set is in effect on ${formatDate(result.today).en}.`);
      break;
  }

  for (const a of result.annual) {
    const months = a.months;
    const full = months.length === 12;
    const from = months[0];
    const range: LocalizedText = full
      ? { nl: "het hele jaar", en: "the whole year" }
      : {
          nl: `${months.length} ${months.length === 1 ? "maand" : "maanden"}, vanaf ${MONTHS_NL[from - 1]}`,
          en: `${months.length} ${months.length === 1 ? "month" : "months"}, from ${MONTHS_EN[from - 1]}`,
        };
    const amount = a.toBeDetermined && a.amountCents === 0 ? eur(null) : formatEuroCents(a.amountCents);
    const basis = a.proRata === "monthly" && !full ? { nl: " naar rato", en: " pro rata" } : { nl: "", en: "" };
    nl.push(`${a.title.nl} in ${result.year}: ${amount.nl}${basis.nl} (${range.nl}).`);
    en.push(`${a.title.en} in ${result.year}: ${amount.en}${basis.en} (${range.en}).`);
    if (a.segments.length > 1) {
      for (const s of a.segments) {
        const yearly = eur(s.annualAmountCents);
        nl.push(`  Versie ${s.version}, ${VENDOR_LABELS[s.vendor].name}: ${yearly.nl} per jaar, ${s.months.length} maanden.`);
        en.push(`  Version ${s.version}, ${VENDOR_LABELS[s.vendor].name}: ${yearly.en} per year, ${s.months.length} months.`);
      }
    }
  }
  for (const o of result.oneOff) {
    const amount = eur(o.amountCents);
    nl.push(`${o.title.nl}: ${amount.nl}, voorwaarden vervuld in ${MONTHS_NL[Number(o.dueOn.slice(5, 7)) - 1]} ${o.dueYear}.`);
    en.push(`${o.title.en}: ${amount.en}, conditions met in ${MONTHS_EN[Number(o.dueOn.slice(5, 7)) - 1]} ${o.dueYear}.`);
  }
  for (const c of result.centralFunding) {
    const rule = ruleSet?.rules.find((r) => r.code === c.ruleCode);
    if (rule) {
      nl.push(rule.description.nl);
      en.push(rule.description.en);
    }
  }
  if (ruleSet) {
    if (ruleSet.packageConditions.length > 0) {
      const titles = ruleSet.packageConditions.map((c) => STEP_CATALOGUE.find((s) => s.code === c)?.title ?? { nl: c, en: c });
      nl.push(`Het pakket is integraal: zonder ${titles.map((t) => `„${t.nl}”`).join(" en ")} wordt niets betaald.`);
      en.push(`The package is integral: without ${titles.map((t) => `“${t.en}”`).join(" and ")} nothing is paid.`);
    }
    for (const x of ruleSet.exclusions) {
      nl.push(x.nl);
      en.push(x.en);
    }
    if (ruleSet.reviewDate) {
      nl.push(`De regeling wordt jaarlijks herzien; volgende herziening: ${formatDate(ruleSet.reviewDate).nl}.`);
      en.push(`The package is reviewed yearly; next review: ${formatDate(ruleSet.reviewDate).en}.`);
    }
  }
  return { nl: nl.join("\n"), en: en.join("\n") };
}

// ---------------------------------------------------------------------------------------------
// Programme totals
// ---------------------------------------------------------------------------------------------

export type FinancingTotals = {
  year: number | null;
  institutions: number;
  byStatus: Record<EligibilityStatus, number>;
  totalCents: number;
  annualCents: number;
  oneOffCents: number;
  byVendorCents: Record<Vendor, number>;
  /** Institutions with at least one amount still to be determined (counted as 0 above). */
  withAmountToBeDetermined: number;
};

/** Sums per-institution results (all for the same year): totals are exactly these sums. */
export function summarizeEligibility({ results }: { results: readonly EligibilityResult[] }): FinancingTotals {
  const years = new Set(results.map((r) => r.year));
  if (years.size > 1) throw new RangeError("summarizeEligibility: results must all be for the same year");
  const totals: FinancingTotals = {
    year: results[0]?.year ?? null,
    institutions: results.length,
    byStatus: { eligible: 0, eligible_from: 0, not_yet: 0, not_applicable: 0 },
    totalCents: 0,
    annualCents: 0,
    oneOffCents: 0,
    byVendorCents: { enovation: 0, founda: 0, alphatron: 0 },
    withAmountToBeDetermined: 0,
  };
  for (const r of results) {
    totals.byStatus[r.status] += 1;
    totals.totalCents += r.totalCents;
    totals.annualCents += r.annual.reduce((s, a) => s + a.amountCents, 0);
    totals.oneOffCents += r.oneOff.filter((o) => o.inYear).reduce((s, o) => s + (o.amountCents ?? 0), 0);
    for (const v of VENDOR_CODES) totals.byVendorCents[v] += r.byVendorCents[v] ?? 0;
    if (r.hasAmountToBeDetermined) totals.withAmountToBeDetermined += 1;
  }
  return totals;
}
