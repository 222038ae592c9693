/**
 * Everything the dashboard, the DTO report and the CSV need for one date, in one object.
 * `asOf` null = now (from the maintained readiness rows); a date = recomputed from the step
 * history as recorded by the end of that Dutch day. The burn-up changes are computed in the
 * database once per history version (the history is append-only) and cached in the process.
 */
import type { Executor } from "@/db/client";
import {
  countEndpointHealthByVendor,
  countEndpointsByVendor,
  getBurnUpDeltas,
  getDashboardDataVersion,
  getHistoryVersion,
  getReadinessAggregates,
  listAwaitingAt,
  listProgrammeMilestones,
  listTopBlockers,
  loadInstitutionHistories,
  toDomainMilestone,
  type AggregateRow,
  type DeltaRow,
} from "@/lib/dashboard/queries";
import { listReviewQueue } from "@/lib/onboarding/queries";
import { addDays, diffInDays, toAmsterdamDate, type IsoDate } from "@/lib/domain/dates";
import { computeForecast, type BurnUpPoint, type Forecast } from "@/lib/domain/forecast";
import { evaluateMilestones, type Milestone, type MilestoneEvaluation } from "@/lib/domain/milestones";
import { computeReadinessAt } from "@/lib/domain/phase-at";
import { PHASE_CODES, type NextAction, type PhaseCode } from "@/lib/domain/readiness";
import { PRECONDITION_CODES, type PreconditionCode } from "@/lib/domain/steps";
import { VENDOR_CODES, type Vendor } from "@/lib/domain/vendors";
import { getCheckerState } from "@/lib/checker/queries";
import { getGoLiveDataVersion, loadGoLiveDashboard, type GoLiveDashboard } from "@/lib/golive/queries";
import { summarizeNetworkHealth, type VendorNetworkHealth } from "./network";
import { buildSeriesByMetric, firstDay, sampleWeekly, seriesFor } from "./series";
import { loadPlanningInputs } from "@/lib/planning/queries";
import { buildPlanningView, type PlanningView } from "@/lib/planning/view";

import { BLOCKERS_PER_GROUP, PROGRAMME_TARGET_DATE } from "./constants";
import { keyedCache, versionedCache } from "@/lib/ops/versioned-cache";
export { BLOCKERS_PER_GROUP, DEFAULT_WINDOW_WEEKS, PROGRAMME_TARGET_DATE } from "./constants";

export type CountRow = { key: string | null; n: number; live: number };
export type VendorRollup = {
  vendor: string | null;
  n: number;
  live: number;
  ready: number;
  met: Record<PreconditionCode, number>;
  averagePercent: number;
  awaiting: number;
  byPhase: Record<PhaseCode, number>;
  endpoints: { acceptance: number; production: number; institutions: number };
};
export type Blocker = {
  institutionId: string;
  name: string;
  vendorCode: string | null;
  phase: string;
  phaseStartedOn: IsoDate | null;
  daysInPhase: number | null;
  /** What the institution should do next, as a code (nextActionText); null without a history. */
  next: NextAction | null;
};
export type AwaitingItem = { institutionId: string; name: string; stepCode: string; reportedOn: IsoDate; ageDays: number };

export type DashboardModel = {
  asOf: IsoDate | null;
  /** The date the figures are for: asOf, or today. */
  day: IsoDate;
  today: IsoDate;
  windowWeeks: number;
  total: number;
  live: number;
  byPhase: Record<PhaseCode, number>;
  preconditionMet: Record<PreconditionCode, number>;
  blockingCounts: Record<PreconditionCode, number>;
  awaitingTotal: number;
  byVendor: CountRow[];
  byKind: CountRow[];
  byProvince: CountRow[];
  vendors: VendorRollup[];
  milestones: MilestoneEvaluation[];
  milestoneDefs: Milestone[];
  targetDate: IsoDate;
  targetCount: number;
  daysRemaining: number;
  forecast: Forecast;
  /** Weekly samples from the first change to `day`, for the chart and the table. */
  chart: { date: IsoDate; live: number; agreements: number; mitz_connected: number; mitz_filled: number }[];
  liveSeries: BurnUpPoint[];
  blockers: Record<PreconditionCode, Blocker[]>;
  awaiting: AwaitingItem[];
  /** Planned versus actual, slips and the forecast from plans and pace (issue 17 §3). */
  planning: PlanningView;
};

let deltaCache: { version: string; deltas: DeltaRow[] } | null = null;

export async function loadBurnUpDeltas(db: Executor): Promise<DeltaRow[]> {
  const version = await getHistoryVersion(db);
  if (deltaCache?.version === version) return deltaCache.deltas;
  const deltas = await getBurnUpDeltas(db);
  deltaCache = { version, deltas };
  return deltas;
}

/** Forget the cached burn-up (tests that reuse one process for several databases). */
export function clearDashboardCache() {
  deltaCache = null;
  networkCache = null;
  modelCache.clear();
  goLiveCache.clear();
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function summarizeAggregates(rows: readonly AggregateRow[]) {
  const total = rows.find((r) => r.set === "total");
  const byPhase = zero(PHASE_CODES);
  for (const r of rows) if (r.set === "phase" && r.phase && r.phase in byPhase) byPhase[r.phase as PhaseCode] = r.n;
  const blockingCounts = zero(PRECONDITION_CODES);
  for (const r of rows) if (r.set === "blocking" && r.blocking && r.blocking in blockingCounts) blockingCounts[r.blocking as PreconditionCode] = r.n;
  return {
    total: total?.n ?? 0,
    live: total?.live ?? 0,
    awaitingTotal: total?.awaiting ?? 0,
    byPhase,
    preconditionMet: { agreements: total?.agreementsMet ?? 0, mitz_connected: total?.mitzConnectedMet ?? 0, mitz_filled: total?.mitzFilledMet ?? 0 } as Record<PreconditionCode, number>,
    blockingCounts,
  };
}

/** The milestone the forecast aims at: the latest one counting all institutions live. */
export function pickProgrammeTarget(milestones: readonly Milestone[], total: number): { date: IsoDate; count: number } {
  const final = [...milestones]
    .filter((m) => m.metric.kind === "institutions_live" && (!m.metric.vendors || m.metric.vendors.length === 0) && m.target !== null)
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return final ? { date: final.date, count: final.target! } : { date: PROGRAMME_TARGET_DATE, count: total };
}

/** Dashboards by version, date and window: 32 stay; simultaneous misses share one computation. */
const modelCache = keyedCache<DashboardModel>(32);

/**
 * The dashboard for a date, from the cache when nothing it shows has changed since (one cheap
 * fingerprint query; see getDashboardDataVersion), else computed afresh.
 */
export async function loadDashboard(db: Executor, opts: { asOf: IsoDate | null; now: Date; windowWeeks: number }): Promise<DashboardModel> {
  const today = toAmsterdamDate(opts.now);
  const asOf = opts.asOf && opts.asOf < today ? opts.asOf : null;
  const key = `${await getDashboardDataVersion(db)}|${asOf}|${opts.windowWeeks}|${today}`;
  return modelCache.get(key, () => computeDashboard(db, { asOf, today, windowWeeks: opts.windowWeeks }));
}

async function computeDashboard(db: Executor, opts: { asOf: IsoDate | null; today: IsoDate; windowWeeks: number }): Promise<DashboardModel> {
  const { today, asOf } = opts;
  const day = asOf ?? today;
  const [aggregates, deltas, milestoneRows, blockerRows, endpointRows, planningInputs] = await Promise.all([
    getReadinessAggregates(db, asOf),
    loadBurnUpDeltas(db),
    listProgrammeMilestones(db),
    listTopBlockers(db, { asOf, perGroup: BLOCKERS_PER_GROUP }),
    countEndpointsByVendor(db),
    loadPlanningInputs(db, day),
  ]);
  const s = summarizeAggregates(aggregates);
  const milestoneDefs = milestoneRows.map(toDomainMilestone);
  const target = pickProgrammeTarget(milestoneDefs, s.total);
  const seriesByMetric = buildSeriesByMetric({ deltas, milestones: milestoneDefs, until: day });
  const milestones = evaluateMilestones({ milestones: milestoneDefs, seriesByMetric, today: day, windowWeeks: opts.windowWeeks });
  const liveSeries = seriesFor({ deltas, metric: "live", until: day });
  const forecast = computeForecast({ series: liveSeries, windowWeeks: opts.windowWeeks, targetCount: target.count, targetDate: target.date, today: day });

  const start = firstDay(deltas.filter((d) => d.day <= day)) ?? addDays(day, -7 * 12);
  const metricSeries = Object.fromEntries((["live", ...PRECONDITION_CODES] as const).map((m) => [m, sampleWeekly({ series: seriesFor({ deltas, metric: m, until: day }), from: start, to: day })]));
  const chart = metricSeries.live.map((p, i) => ({
    date: p.date,
    live: p.count,
    agreements: metricSeries.agreements[i].count,
    mitz_connected: metricSeries.mitz_connected[i].count,
    mitz_filled: metricSeries.mitz_filled[i].count,
  }));

  // Next actions for the few blockers shown: replayed from their histories with lib/domain.
  const histories = await loadInstitutionHistories(db, { institutionIds: blockerRows.map((b) => b.institutionId) });
  const historyById = new Map(histories.map((h) => [h.id, h]));
  const blockers = Object.fromEntries(PRECONDITION_CODES.map((p) => [p, [] as Blocker[]])) as Record<PreconditionCode, Blocker[]>;
  for (const b of blockerRows) {
    const h = historyById.get(b.institutionId);
    const r = h ? computeReadinessAt({ events: h.events, asOf: day, vendor: h.vendor }) : null;
    blockers[b.blocking as PreconditionCode]?.push({
      institutionId: b.institutionId,
      name: b.name,
      vendorCode: b.vendorCode,
      phase: b.phase,
      phaseStartedOn: b.phaseStartedOn,
      daysInPhase: b.phaseStartedOn ? Math.max(0, diffInDays(day, b.phaseStartedOn)) : null,
      next: r?.nextAction ?? null,
    });
  }

  let awaiting: AwaitingItem[];
  if (asOf) {
    const res = await listAwaitingAt(db, { asOf, limit: 10 });
    awaiting = res.rows.map((r) => ({ institutionId: r.institutionId, name: r.name, stepCode: r.stepCode, reportedOn: toAmsterdamDate(r.reportedAt), ageDays: Math.max(0, diffInDays(day, toAmsterdamDate(r.reportedAt))) }));
  } else {
    const queue = await listReviewQueue(db, {});
    awaiting = queue.slice(0, 10).map((r) => {
      const reportedOn = r.reportedAt ? toAmsterdamDate(r.reportedAt) : day;
      return { institutionId: r.institutionId, name: r.institutionName, stepCode: r.stepCode, reportedOn, ageDays: Math.max(0, diffInDays(day, reportedOn)) };
    });
  }

  const countRows = (set: AggregateRow["set"], key: (r: AggregateRow) => string | null) =>
    aggregates
      .filter((r) => r.set === set)
      .map((r) => ({ key: key(r), n: r.n, live: r.live }))
      .sort((a, b) => b.n - a.n || String(a.key).localeCompare(String(b.key)));

  const vendorKeys: (string | null)[] = [...VENDOR_CODES, null];
  const vendors: VendorRollup[] = vendorKeys
    .map((v) => {
      const row = aggregates.find((r) => r.set === "vendor" && r.vendor === v);
      const byPhase = zero(PHASE_CODES);
      for (const r of aggregates) if (r.set === "vendor_phase" && r.vendor === v && r.phase) byPhase[r.phase as PhaseCode] = r.n;
      const ep = endpointRows.filter((e) => e.vendor === v);
      return {
        vendor: v,
        n: row?.n ?? 0,
        live: row?.live ?? 0,
        ready: row?.ready ?? 0,
        met: { agreements: row?.agreementsMet ?? 0, mitz_connected: row?.mitzConnectedMet ?? 0, mitz_filled: row?.mitzFilledMet ?? 0 },
        averagePercent: row && row.n > 0 ? Math.round(row.percentSum / row.n) : 0,
        awaiting: row?.awaiting ?? 0,
        byPhase,
        endpoints: {
          acceptance: ep.filter((e) => e.environment === "acceptance").reduce((a, e) => a + e.n, 0),
          production: ep.filter((e) => e.environment === "production").reduce((a, e) => a + e.n, 0),
          institutions: Math.max(0, ...ep.map((e) => e.institutions)),
        },
      };
    })
    .filter((v) => v.vendor !== null || v.n > 0);

  return {
    asOf,
    day,
    today,
    windowWeeks: opts.windowWeeks,
    ...s,
    byVendor: countRows("vendor", (r) => r.vendor),
    byKind: countRows("kind", (r) => r.kind),
    byProvince: countRows("province", (r) => r.province),
    vendors,
    milestones,
    milestoneDefs,
    targetDate: target.date,
    targetCount: target.count,
    daysRemaining: Math.max(0, diffInDays(target.date, day)),
    forecast,
    chart,
    liveSeries,
    blockers,
    awaiting,
    planning: buildPlanningView({ inputs: planningInputs, day, live: s.live, total: s.total, pacePerWeek: forecast.pacePerWeek, targetCount: target.count, targetDate: target.date }),
  };
}

export type NetworkHealth = { vendors: VendorNetworkHealth[]; checker: { status: "online" | "offline"; since: Date; reason: string | null } | null };

/**
 * Live network health is not part of the cached model: it changes with every sweep. It is
 * kept for a few seconds so a room full of dashboards does not re-count it per request.
 */
const NETWORK_TTL_MS = 5_000;
let networkCache: { at: number; value: NetworkHealth } | null = null;

export async function loadNetworkHealth(db: Executor, now: Date): Promise<NetworkHealth> {
  if (networkCache && now.getTime() - networkCache.at >= 0 && now.getTime() - networkCache.at < NETWORK_TTL_MS) return networkCache.value;
  const [rows, state] = await Promise.all([countEndpointHealthByVendor(db), getCheckerState(db)]);
  const value: NetworkHealth = { vendors: summarizeNetworkHealth(rows), checker: state ? { status: state.status, since: state.since, reason: state.reason } : null };
  networkCache = { at: now.getTime(), value };
  return value;
}

/**
 * The dashboard's go-live figures (loadGoLiveDashboard evaluates every institution: about 60 ms
 * on PGlite, the largest part of the page) are reused for at most GO_LIVE_TTL_MS, and only while
 * the programme's go-live data is unchanged: getGoLiveDataVersion (one cheap query) changes with
 * every write to it and every audited action, so a confirmation, an override or a verified step
 * shows at once. The lifetime bounds what the fingerprint cannot see: the checker's newest
 * results and the passing of time (an outage crossing 24 hours, a certificate expiring) show at
 * most that much later — as for network health above, seconds against checks every few minutes.
 * Requests that miss at the same moment share one evaluation.
 */
const GO_LIVE_TTL_MS = 5_000;
const goLiveCache = versionedCache<GoLiveDashboard>(GO_LIVE_TTL_MS);

/** loadGoLiveDashboard(db, at) for the dashboard page; `at` is `now` for today or the end of a past day. */
export async function loadGoLiveDashboardCached(db: Executor, at: Date, now: Date): Promise<GoLiveDashboard> {
  const key = `${await getGoLiveDataVersion(db)}|${at.getTime() < now.getTime() ? at.toISOString() : "now"}`;
  return goLiveCache.get(key, now, () => loadGoLiveDashboard(db, at));
}

export function isVendorCode(v: string | null): v is Vendor {
  return v !== null && (VENDOR_CODES as readonly string[]).includes(v);
}
