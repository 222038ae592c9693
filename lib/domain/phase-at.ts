/**
 * "As it was on date D": readiness recomputed from the append-only step history, so a
 * dashboard for a past date never depends on snapshots that can drift.
 *
 * A history event is what was RECORDED at instant `at` (a report, a verification, a rejection,
 * a reset). The state on date D is the state after the last event whose Dutch calendar day is
 * on or before D: the figures the programme office could have seen at the end of day D.
 * Late reports do not rewrite the past: a go-live on 10 December reported on 5 January counts
 * from 5 January in the as-of view (the step's own `completedOn` still says 10 December).
 */
import { toAmsterdamDate, type IsoDate } from "./dates";
import { computeReadiness, type PhaseCode, type Readiness, type StepState, type StepStatus, type StepStatusMap } from "./readiness";
import { PRECONDITION_CODES, STEP_CATALOGUE, type PreconditionCode, type StepCode, type StepDefinition } from "./steps";
import { resolveVendorAt, type Vendor, type VendorPeriod } from "./vendors";

export type StepEvent = {
  stepCode: StepCode;
  /** The state the step entered with this event. */
  state: StepState;
  /** When it was recorded: an ISO timestamp with zone (or a plain date for imported history). */
  at: string;
  /** The day the step happened, as reported; verification events may omit it (kept from the report). */
  completedOn?: IsoDate | null;
  rejectionReason?: string | null;
};

/** Replays the history up to and including `asOf` (Dutch calendar day). */
export function deriveStepStatesAt({ events, asOf }: { events: readonly StepEvent[]; asOf: IsoDate }): StepStatusMap {
  const ordered = events
    .map((e, i) => ({ e, i, day: toAmsterdamDate(e.at), t: instantKey(e.at) }))
    .filter((x) => x.day <= asOf)
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
  const states: StepStatusMap = {};
  for (const { e } of ordered) {
    const prev: StepStatus = states[e.stepCode] ?? { state: "open", completedOn: null };
    switch (e.state) {
      case "reported":
        states[e.stepCode] = { state: "reported", completedOn: e.completedOn ?? prev.completedOn, reportedAt: e.at, verifiedAt: null };
        break;
      case "verified":
        states[e.stepCode] = {
          state: "verified",
          completedOn: e.completedOn ?? prev.completedOn,
          reportedAt: prev.reportedAt ?? null,
          verifiedAt: e.at,
        };
        break;
      case "rejected":
        states[e.stepCode] = {
          state: "rejected",
          completedOn: prev.completedOn,
          reportedAt: prev.reportedAt ?? null,
          verifiedAt: null,
          rejectionReason: e.rejectionReason ?? null,
        };
        break;
      case "not_applicable":
        states[e.stepCode] = { state: "not_applicable", completedOn: e.completedOn ?? null, reportedAt: null, verifiedAt: null };
        break;
      case "open":
        // A reset (withdrawn report, revoked agreement): the earlier dates no longer count.
        states[e.stepCode] = { state: "open", completedOn: null, reportedAt: null, verifiedAt: null };
        break;
    }
  }
  return states;
}

/** Sortable key for an instant; plain dates sort as the start of that day. */
function instantKey(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return `${at}T00:00:00.000Z`;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toISOString();
}

export function computeReadinessAt({
  events,
  asOf,
  vendor,
  vendorHistory,
  catalogue = STEP_CATALOGUE,
}: {
  events: readonly StepEvent[];
  asOf: IsoDate;
  /** The vendor, when it never changed; otherwise pass `vendorHistory`. */
  vendor?: Vendor | null;
  vendorHistory?: readonly VendorPeriod[];
  catalogue?: readonly StepDefinition[];
}): Readiness {
  const v = vendorHistory ? resolveVendorAt({ history: vendorHistory, date: asOf }) : (vendor ?? null);
  return computeReadiness({ vendor: v, steps: deriveStepStatesAt({ events, asOf }), today: asOf, catalogue });
}

export type InstitutionHistory = {
  id: string;
  vendor?: Vendor | null;
  vendorHistory?: readonly VendorPeriod[];
  events: readonly StepEvent[];
};

export type ProgrammeSummary = {
  asOf: IsoDate;
  total: number;
  live: number;
  byPhase: Record<PhaseCode, number>;
  preconditionMet: Record<PreconditionCode, number>;
  byBlockingPrecondition: Record<PreconditionCode, number>;
};

/**
 * Programme figures on a date, straight from the histories. The dashboard computes the same
 * figures in the database; this is the reference the database queries are tested against.
 */
export function summarizeProgrammeAt({
  institutions,
  asOf,
  catalogue = STEP_CATALOGUE,
}: {
  institutions: readonly InstitutionHistory[];
  asOf: IsoDate;
  catalogue?: readonly StepDefinition[];
}): ProgrammeSummary {
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const summary: ProgrammeSummary = {
    asOf,
    total: institutions.length,
    live: 0,
    byPhase: zero(["not_started", "agreements", "mitz_connection", "mitz_filling", "integration", "ready_for_go_live", "live"] as const),
    preconditionMet: zero(PRECONDITION_CODES),
    byBlockingPrecondition: zero(PRECONDITION_CODES),
  };
  for (const inst of institutions) {
    const r = computeReadinessAt({ events: inst.events, asOf, vendor: inst.vendor, vendorHistory: inst.vendorHistory, catalogue });
    summary.byPhase[r.phase] += 1;
    if (r.isLive) summary.live += 1;
    for (const p of r.preconditions) if (p.met) summary.preconditionMet[p.code] += 1;
    if (r.blockingPrecondition) summary.byBlockingPrecondition[r.blockingPrecondition] += 1;
  }
  return summary;
}

/** Burn-up series of institutions live, one point per requested date (as recorded on that date). */
export function buildLiveSeries({
  institutions,
  dates,
}: {
  institutions: readonly Pick<InstitutionHistory, "events">[];
  dates: readonly IsoDate[];
}): { date: IsoDate; count: number }[] {
  return dates.map((date) => ({
    date,
    count: institutions.filter((i) => deriveStepStatesAt({ events: i.events, asOf: date }).go_live?.state === "verified").length,
  }));
}
