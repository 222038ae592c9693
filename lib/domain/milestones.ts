/**
 * Programme milestones: target against actual.
 *
 * The defaults below come from the milestone plan (17 June 2025); the app stores milestones as
 * editable data and passes them in. A milestone is measured in one of two ways:
 * - `manual`: a delivery by vendors or the programme (e.g. "DUO in the Enovation and Founda
 *   services"); the programme office records `achievedOn`.
 * - a counted metric over institutions (live, a precondition met, the number of vendor
 *   infrastructures with at least one live institution), for which the caller supplies a
 *   burn-up series keyed by `getMetricKey` (computed in the database).
 *
 * Status on `today`:
 * - `met`: target reached on or before the milestone date;
 * - `missed`: the date has passed without reaching it (also when reached later: then
 *   `achievedOn` is after `date`);
 * - `at_risk`: not reached yet, date still ahead, and the pace of the last N weeks does not
 *   reach the target by the date (manual: the date is within `atRiskWithinDays`);
 * - `upcoming`: not reached yet, date still ahead, and on track.
 * The milestone date itself still counts as "ahead" (the day is not over).
 */
import { translator, type Locale } from "@/lib/i18n/messages";
import { diffInDays, formatDate, isIsoDate, type IsoDate, type LocalizedText } from "./dates";
import { computeForecast, getCountAt, type BurnUpPoint } from "./forecast";
import { PRECONDITION_CODES, type PreconditionCode } from "./steps";
import { VENDOR_CODES, type Vendor } from "./vendors";
import { formatNumber } from "./intl";

export type MilestoneMetric =
  | { kind: "manual" }
  | { kind: "institutions_live"; vendors: readonly Vendor[] | null }
  | { kind: "institutions_precondition_met"; precondition: PreconditionCode; vendors: readonly Vendor[] | null }
  | { kind: "infrastructures_live"; vendors: readonly Vendor[] };

export type Milestone = {
  code: string;
  date: IsoDate;
  title: LocalizedText;
  description: LocalizedText;
  metric: MilestoneMetric;
  /** Count to reach; null for manual milestones. */
  target: number | null;
  /** Manual milestones: the day it was delivered. */
  achievedOn?: IsoDate | null;
};

export const DEFAULT_MILESTONES: readonly Milestone[] = [
  {
    code: "duo_in_xds_services",
    date: "2026-01-01",
    title: {
      nl: "DUO onderdeel van de dienstverlening van Enovation en Founda",
      en: "DUO part of the Enovation and Founda services",
    },
    description: {
      nl: "Enovation en Founda hebben DUO beschikbaar voor hun klanten en voor elke geïnteresseerde zorginstelling.",
      en: "Enovation and Founda offer DUO to their customers and to every interested institution.",
    },
    metric: { kind: "manual" },
    target: null,
    achievedOn: null,
  },
  {
    code: "alphatron_tlb_with_mitz",
    date: "2026-02-01",
    title: {
      nl: "Alphatron „TLB met Mitz” in productie, groei naar 12 instellingen",
      en: "Alphatron “TLB with Mitz” in production, growing to 12 institutions",
    },
    description: {
      nl: "Beeldtijdlijn met Mitz (zonder DUO) in productie; gemeten als het aantal Alphatron-instellingen dat is aangesloten op Mitz.",
      en: "Beeldtijdlijn with Mitz (without DUO) in production; measured as the number of Alphatron institutions connected to Mitz.",
    },
    metric: { kind: "institutions_precondition_met", precondition: "mitz_connected", vendors: ["alphatron"] },
    target: 12,
  },
  {
    code: "all_infrastructures_joined",
    date: "2026-06-01",
    title: {
      nl: "De infrastructuren van Enovation, Founda en Alphatron verbonden door DUO",
      en: "The Enovation, Founda and Alphatron infrastructures joined by DUO",
    },
    description: {
      nl: "Alphatron „TLB met Mitz en DUO” beschikbaar; gemeten als het aantal infrastructuren met ten minste één instelling live met DUO.",
      en: "Alphatron “TLB with Mitz and DUO” available; measured as the number of infrastructures with at least one institution live with DUO.",
    },
    metric: { kind: "infrastructures_live", vendors: VENDOR_CODES },
    target: 3,
  },
  {
    code: "all_institutions_connected",
    date: "2026-12-31",
    title: {
      nl: "Alle zorginstellingen aangesloten op de landelijke beeldbeschikbaarheid",
      en: "All institutions connected to national image availability",
    },
    description: {
      nl: "Ongeveer 130 zorginstellingen live met DUO: 73 ziekenhuizen, 6 diagnostische centra en ongeveer 50 behandelklinieken en revalidatiecentra.",
      en: "About 130 institutions live with DUO: 73 hospitals, 6 diagnostic centres and about 50 clinics and rehabilitation centres.",
    },
    metric: { kind: "institutions_live", vendors: null },
    target: 130,
  },
];

/** The key under which the caller supplies the burn-up series of a metric. */
export function getMetricKey({ metric }: { metric: MilestoneMetric }): string {
  const vendors = (v: readonly Vendor[] | null) => (v && v.length > 0 ? `:${[...v].sort().join(",")}` : "");
  switch (metric.kind) {
    case "manual":
      return "manual";
    case "institutions_live":
      return `live${vendors(metric.vendors)}`;
    case "institutions_precondition_met":
      return `precondition:${metric.precondition}${vendors(metric.vendors)}`;
    case "infrastructures_live":
      return `infrastructures_live${vendors(metric.vendors)}`;
  }
}

export const MILESTONE_STATUSES = ["met", "at_risk", "missed", "upcoming"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** "Behaald" / "Met": the status in words (milestones.statuses). */
export function milestoneStatusText(status: MilestoneStatus, locale: Locale): string {
  return translator(locale)(`milestones.statuses.${status}`);
}

/**
 * Why a milestone has its status, as a message code with parameters (milestones.explain.<code>);
 * dates are IsoDate and paces plain numbers, formatted per language by renderMilestoneExplanation.
 */
export type MilestoneExplanation =
  | { code: "manual_met"; achieved: IsoDate }
  | { code: "manual_met_late"; achieved: IsoDate; date: IsoDate }
  | { code: "manual_missed"; date: IsoDate }
  | { code: "manual_at_risk" | "manual_upcoming"; date: IsoDate; days: number }
  | { code: "count_met"; achieved: IsoDate; actual: number; target: number }
  | { code: "count_missed_late"; date: IsoDate; actual: number; target: number; achieved: IsoDate }
  | { code: "count_missed"; date: IsoDate; actual: number; target: number }
  | { code: "count_projected"; date: IsoDate; actual: number; target: number; pace: number; projected: IsoDate; required: number }
  | { code: "count_no_progress"; date: IsoDate; actual: number; target: number; required: number };

export const MILESTONE_EXPLANATION_CODES = ["manual_met", "manual_met_late", "manual_missed", "manual_at_risk", "manual_upcoming", "count_met", "count_missed_late", "count_missed", "count_projected", "count_no_progress"] as const;

export function renderMilestoneExplanation(x: MilestoneExplanation, locale: Locale): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(x)) {
    if (k === "code") continue;
    // Dutch paces with a decimal comma; English as the plain number (as the texts always were).
    values[k] = k === "date" || k === "achieved" || k === "projected" ? formatDate(v as string)[locale] : (k === "pace" || k === "required") && locale === "nl" ? formatNumber(v as number, "nl-NL") : (v as number);
  }
  return translator(locale)(`milestones.explain.${x.code}`, values);
}

export type MilestoneEvaluation = {
  code: string;
  date: IsoDate;
  title: LocalizedText;
  status: MilestoneStatus;
  target: number | null;
  /** Count on the milestone date (when passed) or today (when ahead); null for manual. */
  actual: number | null;
  /** Count today; null for manual. */
  currentCount: number | null;
  achievedOn: IsoDate | null;
  /** Days from today to the date; negative when passed. */
  daysToDate: number;
  projectedDate: IsoDate | null;
  explanation: MilestoneExplanation;
};

export function evaluateMilestone({
  milestone,
  series = [],
  today,
  windowWeeks = 8,
  atRiskWithinDays = 30,
}: {
  milestone: Milestone;
  series?: readonly BurnUpPoint[];
  today: IsoDate;
  windowWeeks?: number;
  atRiskWithinDays?: number;
}): MilestoneEvaluation {
  const { date } = milestone;
  const daysToDate = diffInDays(date, today);
  const passed = daysToDate < 0;
  const base = { code: milestone.code, date, title: milestone.title, target: milestone.target, daysToDate };

  if (milestone.metric.kind === "manual" || milestone.target === null) {
    const achievedOn = milestone.achievedOn && milestone.achievedOn <= today ? milestone.achievedOn : null;
    let status: MilestoneStatus;
    let explanation: MilestoneExplanation;
    if (achievedOn && achievedOn <= date) {
      status = "met";
      explanation = { code: "manual_met", achieved: achievedOn };
    } else if (passed) {
      status = "missed";
      explanation = achievedOn ? { code: "manual_met_late", achieved: achievedOn, date } : { code: "manual_missed", date };
    } else if (daysToDate <= atRiskWithinDays) {
      status = "at_risk";
      explanation = { code: "manual_at_risk", date, days: daysToDate };
    } else {
      status = "upcoming";
      explanation = { code: "manual_upcoming", date, days: daysToDate };
    }
    return { ...base, status, actual: null, currentCount: null, achievedOn, projectedDate: null, explanation };
  }

  const target = milestone.target;
  const points = series.filter((p) => p.date <= today);
  const reached = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).find((p) => p.count >= target);
  const achievedOn = reached?.date ?? null;
  const actual = getCountAt({ series: points, date: passed ? date : today });
  const currentCount = getCountAt({ series: points, date: today });

  if (achievedOn && achievedOn <= date) {
    return {
      ...base,
      status: "met",
      actual,
      currentCount,
      achievedOn,
      projectedDate: achievedOn,
      explanation: { code: "count_met", achieved: achievedOn, actual, target },
    };
  }
  if (passed) {
    return {
      ...base,
      status: "missed",
      actual,
      currentCount,
      achievedOn,
      projectedDate: achievedOn,
      explanation: achievedOn ? { code: "count_missed_late", date, actual, target, achieved: achievedOn } : { code: "count_missed", date, actual, target },
    };
  }
  const f = computeForecast({ series: points, windowWeeks, targetCount: target, targetDate: date, today });
  const status: MilestoneStatus = f.onTrack ? "upcoming" : "at_risk";
  const required = f.requiredPerWeek ?? 0;
  return {
    ...base,
    status,
    actual,
    currentCount,
    achievedOn: null,
    projectedDate: f.projectedDate,
    explanation: f.projectedDate
      ? { code: "count_projected", date, actual, target, pace: f.pacePerWeek, projected: f.projectedDate, required }
      : { code: "count_no_progress", date, actual, target, required },
  };
}

export function evaluateMilestones({
  milestones,
  seriesByMetric,
  today,
  windowWeeks,
  atRiskWithinDays,
}: {
  milestones: readonly Milestone[];
  seriesByMetric: Readonly<Record<string, readonly BurnUpPoint[]>>;
  today: IsoDate;
  windowWeeks?: number;
  atRiskWithinDays?: number;
}): MilestoneEvaluation[] {
  return [...milestones]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((milestone) =>
      evaluateMilestone({
        milestone,
        series: seriesByMetric[getMetricKey({ metric: milestone.metric })] ?? [],
        today,
        windowWeeks,
        atRiskWithinDays,
      }),
    );
}

export const MILESTONE_ERROR_CODES = ["duplicate_code", "invalid_date", "invalid_target", "unknown_precondition"] as const;
/** `manual`: an invalid_target on a manual milestone (it must have no target). Text: milestones.errors.<code>. */
export type MilestoneError = { code: (typeof MILESTONE_ERROR_CODES)[number]; milestoneCode: string; manual?: boolean };

export function milestoneErrorText(e: MilestoneError, locale: Locale): string {
  return translator(locale)(`milestones.errors.${e.code === "invalid_target" && e.manual ? "manual_with_target" : e.code}`, { code: e.milestoneCode });
}

/** Checks milestones edited by the programme office. */
export function validateMilestones({ milestones }: { milestones: readonly Milestone[] }): MilestoneError[] {
  const errors: MilestoneError[] = [];
  const seen = new Set<string>();
  for (const m of milestones) {
    if (seen.has(m.code)) {
      errors.push({ code: "duplicate_code", milestoneCode: m.code });
    }
    seen.add(m.code);
    if (!isIsoDate(m.date) || (m.achievedOn != null && !isIsoDate(m.achievedOn))) {
      errors.push({ code: "invalid_date", milestoneCode: m.code });
    }
    const counted = m.metric.kind !== "manual";
    if (counted ? m.target === null || !Number.isInteger(m.target) || m.target < 0 : m.target !== null) {
      errors.push(counted ? { code: "invalid_target", milestoneCode: m.code } : { code: "invalid_target", milestoneCode: m.code, manual: true });
    }
    if (m.metric.kind === "institutions_precondition_met" && !(PRECONDITION_CODES as readonly string[]).includes(m.metric.precondition)) {
      errors.push({ code: "unknown_precondition", milestoneCode: m.code });
    }
  }
  return errors;
}
