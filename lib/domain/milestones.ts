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
import { diffInDays, formatDate, isIsoDate, type IsoDate, type LocalizedText } from "./dates";
import { computeForecast, getCountAt, type BurnUpPoint } from "./forecast";
import { PRECONDITION_CODES, type PreconditionCode } from "./steps";
import { VENDOR_CODES, type Vendor } from "./vendors";

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

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, LocalizedText> = {
  met: { nl: "Behaald", en: "Met" },
  at_risk: { nl: "Loopt risico", en: "At risk" },
  missed: { nl: "Niet gehaald", en: "Missed" },
  upcoming: { nl: "Op koers", en: "On track" },
};

export type MilestoneEvaluation = {
  code: string;
  date: IsoDate;
  title: LocalizedText;
  status: MilestoneStatus;
  statusLabel: LocalizedText;
  target: number | null;
  /** Count on the milestone date (when passed) or today (when ahead); null for manual. */
  actual: number | null;
  /** Count today; null for manual. */
  currentCount: number | null;
  achievedOn: IsoDate | null;
  /** Days from today to the date; negative when passed. */
  daysToDate: number;
  projectedDate: IsoDate | null;
  explanation: LocalizedText;
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
  const d = formatDate(date);

  if (milestone.metric.kind === "manual" || milestone.target === null) {
    const achievedOn = milestone.achievedOn && milestone.achievedOn <= today ? milestone.achievedOn : null;
    let status: MilestoneStatus;
    let explanation: LocalizedText;
    if (achievedOn && achievedOn <= date) {
      status = "met";
      explanation = { nl: `Behaald op ${formatDate(achievedOn).nl}.`, en: `Met on ${formatDate(achievedOn).en}.` };
    } else if (passed) {
      status = "missed";
      explanation = achievedOn
        ? { nl: `Te laat behaald: op ${formatDate(achievedOn).nl} in plaats van ${d.nl}.`, en: `Met late: on ${formatDate(achievedOn).en} instead of ${d.en}.` }
        : { nl: `Niet behaald op de streefdatum ${d.nl}.`, en: `Not met by the target date ${d.en}.` };
    } else if (daysToDate <= atRiskWithinDays) {
      status = "at_risk";
      explanation = { nl: `Nog niet behaald; de streefdatum ${d.nl} is over ${daysToDate} dagen.`, en: `Not met yet; the target date ${d.en} is ${daysToDate} days away.` };
    } else {
      status = "upcoming";
      explanation = { nl: `Streefdatum ${d.nl}, over ${daysToDate} dagen.`, en: `Target date ${d.en}, ${daysToDate} days away.` };
    }
    return { ...base, status, statusLabel: MILESTONE_STATUS_LABELS[status], actual: null, currentCount: null, achievedOn, projectedDate: null, explanation };
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
      statusLabel: MILESTONE_STATUS_LABELS.met,
      actual,
      currentCount,
      achievedOn,
      projectedDate: achievedOn,
      explanation: {
        nl: `Behaald op ${formatDate(achievedOn).nl}: ${actual} van ${target}.`,
        en: `Met on ${formatDate(achievedOn).en}: ${actual} of ${target}.`,
      },
    };
  }
  if (passed) {
    return {
      ...base,
      status: "missed",
      statusLabel: MILESTONE_STATUS_LABELS.missed,
      actual,
      currentCount,
      achievedOn,
      projectedDate: achievedOn,
      explanation: achievedOn
        ? {
            nl: `Op ${d.nl} stond de teller op ${actual} van ${target}; het doel is op ${formatDate(achievedOn).nl} alsnog gehaald.`,
            en: `On ${d.en} the count was ${actual} of ${target}; the target was reached later, on ${formatDate(achievedOn).en}.`,
          }
        : { nl: `Op ${d.nl} stond de teller op ${actual} van ${target}.`, en: `On ${d.en} the count was ${actual} of ${target}.` },
    };
  }
  const f = computeForecast({ series: points, windowWeeks, targetCount: target, targetDate: date, today });
  const pace = f.pacePerWeek.toLocaleString("nl-NL");
  const status: MilestoneStatus = f.onTrack ? "upcoming" : "at_risk";
  const projection: LocalizedText = f.projectedDate
    ? { nl: `bij het huidige tempo (${pace} per week) wordt het doel gehaald op ${formatDate(f.projectedDate).nl}`, en: `at the current pace (${f.pacePerWeek} per week) the target is reached on ${formatDate(f.projectedDate).en}` }
    : { nl: "er is de laatste weken geen voortgang", en: "there has been no progress in recent weeks" };
  return {
    ...base,
    status,
    statusLabel: MILESTONE_STATUS_LABELS[status],
    actual,
    currentCount,
    achievedOn: null,
    projectedDate: f.projectedDate,
    explanation: {
      nl: `Stand ${actual} van ${target}; ${projection.nl}. Nodig: ${(f.requiredPerWeek ?? 0).toLocaleString("nl-NL")} per week tot ${d.nl}.`,
      en: `Now ${actual} of ${target}; ${projection.en}. Needed: ${f.requiredPerWeek ?? 0} per week until ${d.en}.`,
    },
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

export type MilestoneError = { code: "duplicate_code" | "invalid_date" | "invalid_target" | "unknown_precondition"; milestoneCode: string; message: LocalizedText };

/** Checks milestones edited by the programme office. */
export function validateMilestones({ milestones }: { milestones: readonly Milestone[] }): MilestoneError[] {
  const errors: MilestoneError[] = [];
  const seen = new Set<string>();
  for (const m of milestones) {
    if (seen.has(m.code)) {
      errors.push({ code: "duplicate_code", milestoneCode: m.code, message: { nl: `Mijlpaal ${m.code} komt dubbel voor.`, en: `Milestone ${m.code} occurs twice.` } });
    }
    seen.add(m.code);
    if (!isIsoDate(m.date) || (m.achievedOn != null && !isIsoDate(m.achievedOn))) {
      errors.push({ code: "invalid_date", milestoneCode: m.code, message: { nl: `Mijlpaal ${m.code} heeft een ongeldige datum.`, en: `Milestone ${m.code} has an invalid date.` } });
    }
    const counted = m.metric.kind !== "manual";
    if (counted ? m.target === null || !Number.isInteger(m.target) || m.target < 0 : m.target !== null) {
      errors.push({
        code: "invalid_target",
        milestoneCode: m.code,
        message: counted
          ? { nl: `Geef voor mijlpaal ${m.code} een doel op als geheel getal van 0 of meer.`, en: `Give milestone ${m.code} a target as a whole number of 0 or more.` }
          : { nl: `Een handmatige mijlpaal (${m.code}) heeft geen aantal als doel.`, en: `A manual milestone (${m.code}) has no count target.` },
      });
    }
    if (m.metric.kind === "institutions_precondition_met" && !(PRECONDITION_CODES as readonly string[]).includes(m.metric.precondition)) {
      errors.push({ code: "unknown_precondition", milestoneCode: m.code, message: { nl: `Onbekende randvoorwaarde bij mijlpaal ${m.code}.`, en: `Unknown precondition in milestone ${m.code}.` } });
    }
  }
  return errors;
}
