/**
 * Forecast of a burn-up (cumulative count over time, e.g. institutions live): the pace of the
 * last N weeks projected forward, the date that pace reaches the target, and the pace needed
 * to make the target date.
 *
 * Definitions:
 * - The count on a date is the last series point on or before it (0 before the first point:
 *   before anything was recorded, nothing was live). Points after `today` are ignored.
 * - Pace = (count today - count N weeks ago) / N, per week. A falling count (a go-live undone)
 *   gives a negative pace; zero or negative pace means "no projection" (`projectedDate` null),
 *   and the projected line stays flat rather than going down.
 * - Projected date = today + remaining / pace weeks, rounded up to whole days.
 * - Required per week = remaining / (days to target date / 7). Null when the target date is
 *   today or passed while the target is not met (no pace can make it any more); 0 when met.
 */
import { addDays, diffInDays, isIsoDate, type IsoDate } from "./dates";

export type BurnUpPoint = { date: IsoDate; count: number };

export type Forecast = {
  today: IsoDate;
  currentCount: number;
  windowWeeks: number;
  windowStart: IsoDate;
  windowStartCount: number;
  /** Per week, 2 decimals. */
  pacePerWeek: number;
  targetCount: number;
  targetDate: IsoDate;
  remaining: number;
  targetMet: boolean;
  /** First date the series reached the target, when it did. */
  targetMetOn: IsoDate | null;
  /** Days from today to the target date, never negative; see `targetDatePassed`. */
  daysRemaining: number;
  targetDatePassed: boolean;
  /** Per week, 2 decimals. */
  requiredPerWeek: number | null;
  projectedDate: IsoDate | null;
  onTrack: boolean;
  /** From today (current count) in weekly steps to the projected date (or flat to the target date). */
  projectedSeries: BurnUpPoint[];
  /** The straight line needed: today -> target date at the target count. */
  requiredSeries: BurnUpPoint[];
};

const round2 = (n: number) => Math.round(n * 100) / 100;

function normalizeSeries(series: readonly BurnUpPoint[], today: IsoDate): BurnUpPoint[] {
  // Stable sort: for two points on one date, the later one in the input wins.
  return series
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.date <= today)
    .sort((a, b) => (a.p.date < b.p.date ? -1 : a.p.date > b.p.date ? 1 : a.i - b.i))
    .map(({ p }) => p);
}

/** The count on `date`: the last point on or before it, 0 before the first. */
export function getCountAt({ series, date }: { series: readonly BurnUpPoint[]; date: IsoDate }): number {
  let count = 0;
  let best: IsoDate | null = null;
  for (const p of series) {
    if (p.date <= date && (best === null || p.date >= best)) {
      best = p.date;
      count = p.count;
    }
  }
  return count;
}

export function computeForecast({
  series,
  windowWeeks,
  targetCount,
  targetDate,
  today,
  maxProjectionWeeks = 520,
}: {
  series: readonly BurnUpPoint[];
  windowWeeks: number;
  targetCount: number;
  targetDate: IsoDate;
  today: IsoDate;
  /** Caps the projected series when the pace is very slow. */
  maxProjectionWeeks?: number;
}): Forecast {
  if (!Number.isInteger(windowWeeks) || windowWeeks < 1) throw new RangeError("windowWeeks must be a whole number of at least 1");
  if (!Number.isFinite(targetCount) || targetCount < 0) throw new RangeError("targetCount must be 0 or more");
  if (!isIsoDate(targetDate) || !isIsoDate(today)) throw new RangeError("targetDate and today must be YYYY-MM-DD dates");

  const points = normalizeSeries(series, today);
  const currentCount = getCountAt({ series: points, date: today });
  const windowStart = addDays(today, -7 * windowWeeks);
  const windowStartCount = getCountAt({ series: points, date: windowStart });
  const pace = (currentCount - windowStartCount) / windowWeeks;

  const remaining = Math.max(0, targetCount - currentCount);
  const targetMet = remaining === 0;
  const targetMetOn = targetMet ? (points.find((p) => p.count >= targetCount)?.date ?? today) : null;

  const daysToTarget = diffInDays(targetDate, today);
  const targetDatePassed = daysToTarget < 0;
  const daysRemaining = Math.max(0, daysToTarget);

  let requiredPerWeek: number | null;
  if (targetMet) requiredPerWeek = 0;
  else if (daysToTarget <= 0) requiredPerWeek = null;
  else requiredPerWeek = round2(remaining / (daysToTarget / 7));

  let projectedDate: IsoDate | null;
  if (targetMet) projectedDate = targetMetOn;
  else if (pace <= 0) projectedDate = null;
  else projectedDate = addDays(today, Math.ceil((remaining / pace) * 7));

  const onTrack = targetMet || (projectedDate !== null && projectedDate <= targetDate);

  const projectedSeries: BurnUpPoint[] = [];
  if (!targetMet) {
    const horizon = addDays(today, 7 * maxProjectionWeeks);
    let end: IsoDate;
    if (pace > 0 && projectedDate) end = projectedDate < horizon ? projectedDate : horizon;
    else end = targetDate > today ? targetDate : today;
    const flat = pace <= 0;
    for (let week = 0; ; week++) {
      const date = addDays(today, 7 * week);
      if (date >= end) break;
      projectedSeries.push({ date, count: flat ? currentCount : round2(Math.min(targetCount, currentCount + pace * week)) });
    }
    const endCount = flat ? currentCount : round2(Math.min(targetCount, currentCount + (pace * diffInDays(end, today)) / 7));
    projectedSeries.push({ date: end, count: endCount });
  }

  const requiredSeries: BurnUpPoint[] =
    !targetMet && daysToTarget > 0
      ? [
          { date: today, count: currentCount },
          { date: targetDate, count: targetCount },
        ]
      : [];

  return {
    today,
    currentCount,
    windowWeeks,
    windowStart,
    windowStartCount,
    pacePerWeek: round2(pace),
    targetCount,
    targetDate,
    remaining,
    targetMet,
    targetMetOn,
    daysRemaining,
    targetDatePassed,
    requiredPerWeek,
    projectedDate,
    onTrack,
    projectedSeries,
    requiredSeries,
  };
}

/**
 * The forecast that combines institutions' planned go-live dates with the observed pace.
 *
 * Definitions (on `today`, for the institutions not live yet, `pending` of them):
 * - `plannedBy(d)`: not-live institutions whose go-live plan lies in [today, d]. Plans before
 *   today that are not live (`overdue`) no longer count as a commitment; they join the unplanned.
 * - The observed pace (per week, from computeForecast) is the capacity of the programme: by a
 *   date d it delivers `floor(pace × weeks)` go-lives.
 * - Combined count by d = live + min(pending, max(plannedBy(d), floor(pace × weeks))): plans are
 *   taken as commitments, and where the pace delivers more than the plans it also brings
 *   institutions without a (kept) plan. Plans after the target date only count after it.
 * - `combinedDate`: the first day the combined count reaches the target (null when it never
 *   does within `maxWeeks`: no pace and too few plans).
 */
export type PlanForecast = {
  live: number;
  pending: number;
  /** Go-live plans of not-live institutions on or before the target date (and not overdue). */
  plannedByTarget: number;
  /** Go-live plans after the target date. */
  plannedAfterTarget: number;
  /** Plans before today for institutions not live. */
  overdue: number;
  /** Not live and no go-live plan. */
  unplanned: number;
  /** Live + plannedByTarget. */
  plansOnlyByTarget: number;
  /** Live + floor(pace × weeks to target), at most live + pending. */
  paceOnlyByTarget: number;
  combinedByTarget: number;
  combinedOnTrack: boolean;
  combinedDate: IsoDate | null;
};

export function computePlanForecast({
  live,
  pending,
  goLivePlans,
  pacePerWeek,
  targetCount,
  targetDate,
  today,
  maxWeeks = 520,
}: {
  live: number;
  pending: number;
  /** The current go-live plan of every not-live institution that has one. */
  goLivePlans: readonly IsoDate[];
  pacePerWeek: number;
  targetCount: number;
  targetDate: IsoDate;
  today: IsoDate;
  maxWeeks?: number;
}): PlanForecast {
  if (!isIsoDate(targetDate) || !isIsoDate(today)) throw new RangeError("targetDate and today must be YYYY-MM-DD dates");
  const future = goLivePlans.filter((d) => d >= today).sort();
  const overdue = goLivePlans.length - future.length;
  const pace = Math.max(0, pacePerWeek);
  const combinedBy = (d: IsoDate) => {
    const weeks = Math.max(0, diffInDays(d, today)) / 7;
    const planned = future.filter((p) => p <= d).length;
    // The small epsilon keeps 2.0000000001 × 7 / 7 from flooring a whole week away.
    return live + Math.min(pending, Math.max(planned, Math.floor(pace * weeks + 1e-9)));
  };
  const plannedByTarget = future.filter((p) => p <= targetDate).length;
  const paceOnlyByTarget = live + Math.min(pending, Math.floor((pace * Math.max(0, diffInDays(targetDate, today))) / 7 + 1e-9));
  const combinedByTarget = combinedBy(targetDate);
  let combinedDate: IsoDate | null = null;
  if (live >= targetCount) combinedDate = today;
  else if (live + pending >= targetCount) {
    // The combined count only rises on a plan date or when the pace completes another go-live.
    const candidates = new Set<IsoDate>(future);
    if (pace > 0) for (let k = 1; k <= pending; k++) candidates.add(addDays(today, Math.ceil(((k - 1e-9) / pace) * 7)));
    const horizon = addDays(today, 7 * maxWeeks);
    for (const d of [...candidates].sort()) {
      if (d > horizon) break;
      if (combinedBy(d) >= targetCount) {
        combinedDate = d;
        break;
      }
    }
  }
  return {
    live,
    pending,
    plannedByTarget,
    plannedAfterTarget: future.length - plannedByTarget,
    overdue,
    unplanned: Math.max(0, pending - goLivePlans.length),
    plansOnlyByTarget: live + plannedByTarget,
    paceOnlyByTarget,
    combinedByTarget,
    combinedOnTrack: combinedByTarget >= targetCount,
    combinedDate,
  };
}
