/**
 * Financing eligibility: the pure computation of what one institution is eligible for under
 * the versioned rules (./rules.ts), and the programme totals.
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
import { getMonthEnd, maxDate, minDate, toAmsterdamDate, type IsoDate, type LocalizedText } from "../dates";
import type { StepEvent } from "../phase-at";
import type { StepStatusMap } from "../readiness";
import { STEP_CODES, type StepCode } from "../steps";
import { VENDOR_CODES, resolveVendorAt, type Vendor, type VendorPeriod } from "../vendors";
import { explainEligibility, type ExplanationLine } from "./explanation";
import { allConditions, appliesTo, findRuleSetAt, type FinancingRule, type FinancingRuleKind, type FinancingRuleSet } from "./rules";

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

/** What is still needed: a verified step (its title is in the step catalogue), or a vendor choice. */
export type MissingCondition = { kind: "step"; stepCode: StepCode } | { kind: "vendor"; vendors: Vendor[] };

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
  /** The plain-language explanation as message codes (./explanation.ts renders them). */
  explanation: ExplanationLine[];
};

type Context = {
  ruleSets: readonly FinancingRuleSet[];
  vendorAt: (d: IsoDate) => Vendor | null;
  holds: (code: StepCode, d: IsoDate) => boolean;
  holdingSince: (code: StepCode, d: IsoDate) => IsoDate | null;
};

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
}: {
  ruleSets: readonly FinancingRuleSet[];
  /** The vendor when it never changed; otherwise `vendorHistory`. */
  vendor?: Vendor | null;
  vendorHistory?: readonly VendorPeriod[];
  verifiedSteps: readonly VerifiedStepFact[];
  year: number;
  today: IsoDate;
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
          { kind: "vendor", vendors },
          ...allConditions(rsRef, ruleRef)
            .filter((c) => !ctx.holds(c, today))
            .map((c): MissingCondition => ({ kind: "step", stepCode: c })),
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
        .map((c) => ({ kind: "step", stepCode: c })),
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
