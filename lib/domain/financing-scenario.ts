/**
 * "What changes if the pending institutions go live on their planned dates": the planned
 * go-live date of an institution that is not live yet, and the step facts that date implies.
 *
 * Where the plan comes from:
 * - an explicit planned date (from an implementation plan / intake form) wins when it is still
 *   ahead; a planned date that has passed without a go-live counts as "next month";
 * - otherwise the date is implied by readiness: a fixed lead time per phase from today
 *   (GO_LIVE_LEAD_MONTHS), the assumption the programme view states in words.
 * - an institution without a vendor has no plan: no rule can apply before it chooses one.
 *
 * On the planned date every condition step of the rule sets that does not hold yet counts as
 * verified (the agreements, Mitz, the PACS integration and the go-live itself).
 */
import { getMonthEnd, isIsoDate, type IsoDate } from "./dates";
import type { FinancingRuleSet, VerifiedStepFact } from "./financing";
import type { PhaseCode } from "./readiness";
import type { StepCode } from "./steps";
import type { Vendor } from "./vendors";

/** Months from today to the go-live, by the phase an institution is in now. */
export const GO_LIVE_LEAD_MONTHS: Record<Exclude<PhaseCode, "live">, number> = {
  not_started: 12,
  agreements: 9,
  mitz_connection: 6,
  mitz_filling: 4,
  integration: 3,
  ready_for_go_live: 1,
};

/** Where a planned go-live comes from; each has a message `financing.sources.<source>`. */
export const PLANNED_GO_LIVE_SOURCES = ["plan", "plan_overdue", "readiness"] as const;
export type PlannedGoLiveSource = (typeof PLANNED_GO_LIVE_SOURCES)[number];

export type PlannedGoLive = { date: IsoDate; source: PlannedGoLiveSource } | null;

/** Same day n months later, clamped to the month's end (31 January + 1 = 28/29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = Number(getMonthEnd(ty, tm).slice(8, 10));
  return `${String(ty).padStart(4, "0")}-${String(tm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export function planGoLive({
  phase,
  vendor,
  today,
  plannedDate = null,
}: {
  phase: PhaseCode;
  vendor: Vendor | null;
  today: IsoDate;
  plannedDate?: IsoDate | null;
}): PlannedGoLive {
  if (phase === "live" || vendor === null) return null;
  if (plannedDate && isIsoDate(plannedDate)) {
    if (plannedDate > today) return { date: plannedDate, source: "plan" };
    return { date: addMonths(today, 1), source: "plan_overdue" };
  }
  return { date: addMonths(today, GO_LIVE_LEAD_MONTHS[phase]), source: "readiness" };
}

/** Every step any rule (or package) of these rule sets depends on. */
export function conditionStepsOf(ruleSets: readonly FinancingRuleSet[]): StepCode[] {
  const out = new Set<StepCode>();
  for (const rs of ruleSets) {
    for (const c of rs.packageConditions) out.add(c);
    for (const r of rs.rules) for (const c of r.conditions) out.add(c);
  }
  return [...out];
}

/** The facts as they would be if the institution went live on `goLiveOn`. */
export function withPlannedGoLive({
  facts,
  goLiveOn,
  steps,
}: {
  facts: readonly VerifiedStepFact[];
  goLiveOn: IsoDate;
  steps: readonly StepCode[];
}): VerifiedStepFact[] {
  const holds = (code: StepCode) => facts.some((f) => f.stepCode === code && f.metOn <= goLiveOn && (f.endedOn == null || goLiveOn < f.endedOn));
  return [...facts, ...steps.filter((s) => !holds(s)).map((stepCode) => ({ stepCode, metOn: goLiveOn, endedOn: null }))];
}
