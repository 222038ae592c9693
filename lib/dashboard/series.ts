/**
 * Burn-up series from the per-day changes the database computes (lib/dashboard/queries.ts
 * getBurnUpDeltas): cumulative sums per metric, optionally per vendor, the number of vendor
 * infrastructures with at least one live institution, the series each milestone needs, and
 * weekly samples for the chart and its data table. Pure.
 */
import { addDays, type IsoDate } from "@/lib/domain/dates";
import type { BurnUpPoint } from "@/lib/domain/forecast";
import { getCountAt } from "@/lib/domain/forecast";
import { getMetricKey, type Milestone } from "@/lib/domain/milestones";
import type { PreconditionCode } from "@/lib/domain/steps";
import type { Vendor } from "@/lib/domain/vendors";

export type SeriesMetric = "live" | PreconditionCode;
/** `vendor` is a vendor code, or "" for institutions without a (known) vendor. */
export type Delta = { day: IsoDate; vendor: string; metric: string; delta: number };

/** Cumulative count after each change day, up to and including `until`. */
export function cumulate({ deltas, until }: { deltas: readonly Pick<Delta, "day" | "delta">[]; until?: IsoDate }): BurnUpPoint[] {
  const byDay = new Map<IsoDate, number>();
  for (const d of deltas) if (!until || d.day <= until) byDay.set(d.day, (byDay.get(d.day) ?? 0) + d.delta);
  let count = 0;
  return [...byDay.keys()].sort().map((date) => {
    count += byDay.get(date)!;
    return { date, count };
  });
}

export function seriesFor({ deltas, metric, vendors = null, until }: { deltas: readonly Delta[]; metric: SeriesMetric; vendors?: readonly Vendor[] | null; until?: IsoDate }): BurnUpPoint[] {
  return cumulate({ deltas: deltas.filter((d) => d.metric === metric && (!vendors || vendors.length === 0 || (vendors as readonly string[]).includes(d.vendor))), until });
}

/** How many of `vendors` had at least one live institution, after each change day. */
export function infrastructuresLiveSeries({ deltas, vendors, until }: { deltas: readonly Delta[]; vendors: readonly Vendor[]; until?: IsoDate }): BurnUpPoint[] {
  const per = vendors.map((v) => seriesFor({ deltas, metric: "live", vendors: [v], until }));
  const days = [...new Set(per.flatMap((s) => s.map((p) => p.date)))].sort();
  return days.map((date) => ({ date, count: per.filter((s) => getCountAt({ series: s, date }) > 0).length }));
}

/** The series every milestone needs, keyed by getMetricKey. */
export function buildSeriesByMetric({ deltas, milestones, until }: { deltas: readonly Delta[]; milestones: readonly Milestone[]; until?: IsoDate }): Record<string, BurnUpPoint[]> {
  const out: Record<string, BurnUpPoint[]> = {};
  for (const m of milestones) {
    const key = getMetricKey({ metric: m.metric });
    if (key in out) continue;
    switch (m.metric.kind) {
      case "manual":
        break;
      case "institutions_live":
        out[key] = seriesFor({ deltas, metric: "live", vendors: m.metric.vendors, until });
        break;
      case "institutions_precondition_met":
        out[key] = seriesFor({ deltas, metric: m.metric.precondition, vendors: m.metric.vendors, until });
        break;
      case "infrastructures_live":
        out[key] = infrastructuresLiveSeries({ deltas, vendors: m.metric.vendors, until });
        break;
    }
  }
  return out;
}

/** Weekly samples from the week of `from` to `to` (always including `to`), counts as of each date. */
export function sampleWeekly({ series, from, to }: { series: readonly BurnUpPoint[]; from: IsoDate; to: IsoDate }): BurnUpPoint[] {
  const out: BurnUpPoint[] = [];
  if (from > to) return [{ date: to, count: getCountAt({ series, date: to }) }];
  for (let d = from; d < to; d = addDays(d, 7)) out.push({ date: d, count: getCountAt({ series, date: d }) });
  out.push({ date: to, count: getCountAt({ series, date: to }) });
  return out;
}

/** The first day anything changed, or null. */
export function firstDay(deltas: readonly Pick<Delta, "day">[]): IsoDate | null {
  let first: IsoDate | null = null;
  for (const d of deltas) if (first === null || d.day < first) first = d.day;
  return first;
}

/** Cuts a line at `end`, interpolating the last point, so a far projection does not squash the chart. */
export function clipSeries({ points, end }: { points: readonly BurnUpPoint[]; end: IsoDate }): BurnUpPoint[] {
  const out: BurnUpPoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (p.date <= end) {
      out.push(p);
      continue;
    }
    const prev = points[i - 1];
    if (prev && prev.date < end) {
      const span = Date.parse(`${p.date}T00:00:00Z`) - Date.parse(`${prev.date}T00:00:00Z`);
      const part = Date.parse(`${end}T00:00:00Z`) - Date.parse(`${prev.date}T00:00:00Z`);
      out.push({ date: end, count: Math.round((prev.count + ((p.count - prev.count) * part) / span) * 100) / 100 });
    }
    break;
  }
  return out;
}

/** The chart's right edge: the target date or the data, whichever is later, plus a month. */
export function chartEnd({ day, targetDate }: { day: IsoDate; targetDate: IsoDate }): IsoDate {
  return addDays(day > targetDate ? day : targetDate, 31);
}
