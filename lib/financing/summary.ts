/**
 * Financing figures for the programme and for one institution, from the published rule sets
 * and the onboarding history (verified steps with their dates; a step that left `verified`,
 * e.g. a revoked agreement, stops counting on that day).
 *
 * - committed: what the institutions are eligible for on the facts known today (months after
 *   today are projected on those facts: a live institution keeps earning).
 * - forecast: the same, if every pending institution goes live on its planned date
 *   (lib/domain/financing-scenario.ts: a planned date when one is known, else implied by its
 *   phase).
 * Programme totals are summarizeEligibility over the per-institution results, so they equal
 * the sum of what the institution pages show. `getFinancingSummary` is what the DTO report calls.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { institutionPlans, institutionReadiness, institutions, onboardingStepEvents } from "@/db/schema";
import type { IsoDate } from "@/lib/domain/dates";
import {
  computeEligibility,
  deriveVerifiedStepFacts,
  summarizeEligibility,
  type EligibilityResult,
  type FinancingRuleSet,
  type FinancingTotals,
  type VerifiedStepFact,
} from "@/lib/domain/financing";
import { conditionStepsOf, planGoLive, withPlannedGoLive, type PlannedGoLive } from "@/lib/domain/financing-scenario";
import type { StepEvent } from "@/lib/domain/phase-at";
import { PHASE_CODES, type PhaseCode } from "@/lib/domain/readiness";
import { isStepCode } from "@/lib/domain/steps";
import { isVendor, type Vendor } from "@/lib/domain/vendors";
import { loadPublishedRuleSets } from "./rule-sets";

export const FINANCING_YEARS = [2026, 2027] as const;

export type InstitutionFinancingInput = {
  id: string;
  name: string;
  vendor: Vendor | null;
  phase: PhaseCode;
  facts: VerifiedStepFact[];
  /** From an implementation plan, when one is known. */
  plannedGoLive?: IsoDate | null;
};

export type InstitutionFinancingRow = {
  id: string;
  name: string;
  vendor: Vendor | null;
  phase: PhaseCode;
  planned: PlannedGoLive;
  committed: Record<number, EligibilityResult>;
  forecast: Record<number, EligibilityResult>;
};

export type FinancingOverview = {
  today: IsoDate;
  years: number[];
  ruleSetVersions: number[];
  rows: InstitutionFinancingRow[];
  totals: Record<number, { committed: FinancingTotals; forecast: FinancingTotals }>;
};

/** Pure: per-institution results for each year and scenario, and their sums. */
export function computeFinancingOverview({
  institutions: inputs,
  ruleSets,
  years = [...FINANCING_YEARS],
  today,
}: {
  institutions: readonly InstitutionFinancingInput[];
  ruleSets: readonly FinancingRuleSet[];
  years?: readonly number[];
  today: IsoDate;
}): FinancingOverview {
  const steps = conditionStepsOf(ruleSets);
  const rows: InstitutionFinancingRow[] = inputs.map((i) => {
    const planned = planGoLive({ phase: i.phase, vendor: i.vendor, today, plannedDate: i.plannedGoLive ?? null });
    const plannedFacts = planned ? withPlannedGoLive({ facts: i.facts, goLiveOn: planned.date, steps }) : i.facts;
    const committed: Record<number, EligibilityResult> = {};
    const forecast: Record<number, EligibilityResult> = {};
    for (const year of years) {
      committed[year] = computeEligibility({ ruleSets, vendor: i.vendor, verifiedSteps: i.facts, year, today });
      forecast[year] = planned ? computeEligibility({ ruleSets, vendor: i.vendor, verifiedSteps: plannedFacts, year, today }) : committed[year];
    }
    return { id: i.id, name: i.name, vendor: i.vendor, phase: i.phase, planned, committed, forecast };
  });
  const totals: FinancingOverview["totals"] = {};
  for (const year of years) {
    totals[year] = {
      committed: summarizeEligibility({ results: rows.map((r) => r.committed[year]) }),
      forecast: summarizeEligibility({ results: rows.map((r) => r.forecast[year]) }),
    };
  }
  return { today, years: [...years], ruleSetVersions: ruleSets.map((r) => r.version), rows, totals };
}

/** Institutions with their vendor, phase and verified-step facts (all, or the given ids). */
export async function loadFinancingInputs(db: Executor, opts: { institutionIds?: string[] } = {}): Promise<InstitutionFinancingInput[]> {
  const ids = opts.institutionIds;
  if (ids && ids.length === 0) return [];
  // Three independent reads, side by side (one round trip on Postgres instead of three in a row).
  const [insts, events, plans] = await Promise.all([
    db
      .select({ id: institutions.id, name: institutions.name, vendorCode: institutions.vendorCode, phase: institutionReadiness.phase })
      .from(institutions)
      .leftJoin(institutionReadiness, eq(institutionReadiness.institutionId, institutions.id))
      .where(ids ? inArray(institutions.id, ids) : undefined)
      .orderBy(asc(institutions.name)),
    db
      .select({
        institutionId: onboardingStepEvents.institutionId,
        stepCode: onboardingStepEvents.stepCode,
        state: onboardingStepEvents.state,
        at: onboardingStepEvents.at,
        completedOn: onboardingStepEvents.completedOn,
      })
      .from(onboardingStepEvents)
      .where(ids ? inArray(onboardingStepEvents.institutionId, ids) : undefined)
      .orderBy(asc(onboardingStepEvents.at), asc(onboardingStepEvents.id)),
    // Planned go-live dates from the institutions' implementation plans (intake form), when known.
    db
      .select({ institutionId: institutionPlans.institutionId, plannedOn: institutionPlans.plannedOn })
      .from(institutionPlans)
      .where(and(eq(institutionPlans.planKey, "go_live"), ids ? inArray(institutionPlans.institutionId, ids) : undefined)),
  ]);
  const planned = new Map(plans.map((p) => [p.institutionId, p.plannedOn]));
  const byInstitution = new Map<string, StepEvent[]>();
  for (const e of events) {
    if (!isStepCode(e.stepCode)) continue;
    const list = byInstitution.get(e.institutionId) ?? [];
    list.push({ stepCode: e.stepCode, state: e.state, at: e.at.toISOString(), completedOn: e.completedOn });
    byInstitution.set(e.institutionId, list);
  }
  return insts.map((i) => ({
    id: i.id,
    name: i.name,
    vendor: isVendor(i.vendorCode) ? i.vendorCode : null,
    phase: (PHASE_CODES as readonly string[]).includes(i.phase ?? "") ? (i.phase as PhaseCode) : "not_started",
    facts: deriveVerifiedStepFacts({ events: byInstitution.get(i.id) ?? [] }),
    plannedGoLive: planned.get(i.id) ?? null,
  }));
}

/**
 * The programme's financing figures on `today` with the published rule sets (or the given
 * ones, for a what-if). For programme roles only: callers check "financing.view".
 */
export async function getFinancingSummary(
  db: Executor,
  opts: { today: IsoDate; years?: readonly number[]; ruleSets?: readonly FinancingRuleSet[] },
): Promise<FinancingOverview> {
  const [ruleSets, inputs] = await Promise.all([opts.ruleSets ? Promise.resolve(opts.ruleSets) : loadPublishedRuleSets(db), loadFinancingInputs(db)]);
  return computeFinancingOverview({ institutions: inputs, ruleSets, years: opts.years, today: opts.today });
}

/** One institution's eligibility per year (committed: on its own verified steps). */
export async function getInstitutionEligibility(
  db: Executor,
  opts: { institutionId: string; today: IsoDate; years?: readonly number[] },
): Promise<{ ruleSetVersions: number[]; years: Record<number, EligibilityResult> } | null> {
  const [ruleSets, inputs] = await Promise.all([loadPublishedRuleSets(db), loadFinancingInputs(db, { institutionIds: [opts.institutionId] })]);
  const input = inputs[0];
  if (!input) return null;
  const years: Record<number, EligibilityResult> = {};
  for (const year of opts.years ?? FINANCING_YEARS) {
    years[year] = computeEligibility({ ruleSets, vendor: input.vendor, verifiedSteps: input.facts, year, today: opts.today });
  }
  return { ruleSetVersions: ruleSets.map((r) => r.version), years };
}

/** Rows whose amounts differ between two overviews (a what-if against the published rules). */
export function diffOverviews(before: FinancingOverview, after: FinancingOverview) {
  const afterById = new Map(after.rows.map((r) => [r.id, r]));
  return before.rows
    .map((b) => {
      const a = afterById.get(b.id)!;
      const years = before.years.map((y) => ({
        year: y,
        committedBefore: b.committed[y].totalCents,
        committedAfter: a.committed[y].totalCents,
        forecastBefore: b.forecast[y].totalCents,
        forecastAfter: a.forecast[y].totalCents,
      }));
      return { id: b.id, name: b.name, vendor: b.vendor, years, changed: years.some((y) => y.committedBefore !== y.committedAfter || y.forecastBefore !== y.forecastAfter) || b.committed[before.years[0]].status !== a.committed[before.years[0]].status };
    })
    .filter((r) => r.changed);
}
