/**
 * Monthly availability an agreement can quote (issue 15 §2). Pure: the caller passes the hourly
 * rollups of one endpoint and the month; no clock, no database.
 *
 * Method (also the PDF report's method paragraph, `availability.method` in the catalogues):
 * - A month is a calendar month in Europe/Amsterdam: from 00:00 Amsterdam time on the 1st to
 *   00:00 on the 1st of the next month (743 or 745 hours in the DST months). Amsterdam's offset
 *   is a whole number of hours, so the month is exactly a set of UTC hours: the hourly rollups.
 * - Every check counts once: available = up or degraded, unavailable = down.
 *   availability = available checks / (available + down checks).
 * - Checks in a registered maintenance window, and checks while the checker itself was offline
 *   (its network guard), are left out of the denominator and reported as minutes.
 * - Minutes are time-weighted per hour: an hour with n checks gives each check 60/n minutes, so
 *   an endpoint at a 1- or a 5-minute interval reports the same minutes for the same outage.
 * - An hour between the endpoint's first and last measured hour of the month without any check
 *   means the checker did not run: its 60 minutes are checker-offline minutes.
 * - Group figures (institution, vendor infrastructure) add the endpoints' checks and minutes
 *   (endpoint-minutes), so an endpoint with more checks weighs more.
 */

export type HourCounts = {
  /** The UTC start of the hour. */
  hour: Date;
  up: number;
  degraded: number;
  down: number;
  maintenance: number;
  checkerOffline: number;
};

export type AvailabilityFigures = {
  checks: number;
  availableChecks: number;
  failedChecks: number;
  downMinutes: number;
  maintenanceMinutes: number;
  checkerOfflineMinutes: number;
};

export type Incident = { start: string; end: string; minutes: number; reason: string | null };

const HOUR = 3_600_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
  return typeof value === "string" && MONTH.test(value);
}

/** The month after `month` (`YYYY-MM`). */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

const OFFSET_FORMAT = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", timeZoneName: "shortOffset" });

/** The Amsterdam offset (hours east of UTC: 1 or 2) at instant `t`. */
function amsterdamOffsetHours(t: Date): number {
  const name = OFFSET_FORMAT.formatToParts(t).find((p) => p.type === "timeZoneName")?.value ?? "GMT+1";
  const m = /GMT([+-]\d+)?/.exec(name);
  return m?.[1] ? Number(m[1]) : 0;
}

/** The UTC instant of 00:00 Amsterdam time on the 1st of `month`. */
export function amsterdamMonthStart(month: string): Date {
  if (!isMonth(month)) throw new RangeError(`Not a month (YYYY-MM): ${String(month)}`);
  const [y, m] = month.split("-").map(Number);
  // Midnight on the 1st is never inside a DST switch (those are at 02:00/03:00 on Sundays).
  const guess = new Date(Date.UTC(y, m - 1, 1, 0));
  return new Date(guess.getTime() - amsterdamOffsetHours(guess) * HOUR);
}

/** [start, end) of the Amsterdam calendar month as UTC instants. */
export function amsterdamMonthRange(month: string): { start: Date; end: Date } {
  return { start: amsterdamMonthStart(month), end: amsterdamMonthStart(nextMonth(month)) };
}

/** The Amsterdam month (`YYYY-MM`) an instant falls in. */
export function amsterdamMonthOf(t: Date): string {
  const shifted = new Date(t.getTime() + amsterdamOffsetHours(t) * HOUR);
  return shifted.toISOString().slice(0, 7);
}

/** Availability in percent, or null when nothing was measured. Three decimals, the precision everywhere. */
export function availabilityPercent(f: Pick<AvailabilityFigures, "checks" | "availableChecks">): number | null {
  if (f.checks <= 0) return null;
  return Math.round((f.availableChecks / f.checks) * 100_000) / 1000;
}

/**
 * One endpoint's figures for a month from its hourly rollups. Hours outside the month are
 * ignored; `reclassify` marks periods (a late-registered maintenance window, a checker fault found
 * afterwards) whose counted checks become maintenance or checker-offline checks, by whole hours.
 */
export function computeMonthFigures(opts: {
  month: string;
  hours: readonly HourCounts[];
  reclassify?: ReadonlyArray<{ from: Date; to: Date; kind: "maintenance" | "checker_offline" }>;
}): AvailabilityFigures {
  const { start, end } = amsterdamMonthRange(opts.month);
  const inMonth = opts.hours
    .filter((h) => h.hour.getTime() >= start.getTime() && h.hour.getTime() < end.getTime())
    .map((h) => {
      const rule = opts.reclassify?.find((r) => h.hour.getTime() + HOUR > r.from.getTime() && h.hour.getTime() < r.to.getTime());
      if (!rule) return h;
      const counted = h.up + h.degraded + h.down;
      return rule.kind === "maintenance"
        ? { ...h, up: 0, degraded: 0, down: 0, maintenance: h.maintenance + counted }
        : { ...h, up: 0, degraded: 0, down: 0, checkerOffline: h.checkerOffline + counted };
    })
    .sort((a, b) => a.hour.getTime() - b.hour.getTime());
  let checks = 0;
  let available = 0;
  let down = 0;
  let downMin = 0;
  let maintenanceMin = 0;
  let offlineMin = 0;
  const measured = new Set<number>();
  for (const h of inMonth) {
    const all = h.up + h.degraded + h.down + h.maintenance + h.checkerOffline;
    if (all <= 0) continue;
    measured.add(h.hour.getTime());
    checks += h.up + h.degraded + h.down;
    available += h.up + h.degraded;
    down += h.down;
    downMin += (60 * h.down) / all;
    maintenanceMin += (60 * h.maintenance) / all;
    offlineMin += (60 * h.checkerOffline) / all;
  }
  if (measured.size > 0) {
    const first = Math.min(...measured);
    const last = Math.max(...measured);
    const gaps = (last - first) / HOUR + 1 - measured.size;
    offlineMin += 60 * gaps;
  }
  return {
    checks,
    availableChecks: available,
    failedChecks: down,
    downMinutes: Math.round(downMin),
    maintenanceMinutes: Math.round(maintenanceMin),
    checkerOfflineMinutes: Math.round(offlineMin),
  };
}

/** The figures of a group (institution, vendor infrastructure, the programme): sums. */
export function sumFigures(list: readonly AvailabilityFigures[]): AvailabilityFigures {
  const out: AvailabilityFigures = { checks: 0, availableChecks: 0, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 };
  for (const f of list) {
    out.checks += f.checks;
    out.availableChecks += f.availableChecks;
    out.failedChecks += f.failedChecks;
    out.downMinutes += f.downMinutes;
    out.maintenanceMinutes += f.maintenanceMinutes;
    out.checkerOfflineMinutes += f.checkerOfflineMinutes;
  }
  return out;
}

export type CheckSample = { at: Date; status: "up" | "degraded" | "down"; suppressed: "maintenance" | "checker_offline" | null; reason?: string | null };

/**
 * Down periods from a sequence of checks: a run of counted down checks (maintenance and
 * checker-offline checks neither start nor end one) from its first down check to the first
 * available check after it (or the last down check when the data ends), clipped to [from, to).
 */
export function findIncidents(opts: { samples: readonly CheckSample[]; from: Date; to: Date }): Incident[] {
  const sorted = [...opts.samples].filter((s) => s.suppressed === null).sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: Incident[] = [];
  let open: { start: Date; last: Date; reason: string | null } | null = null;
  const close = (end: Date) => {
    if (!open) return;
    const s = Math.max(open.start.getTime(), opts.from.getTime());
    const e = Math.min(end.getTime(), opts.to.getTime());
    if (e >= s && open.start.getTime() < opts.to.getTime() && end.getTime() >= opts.from.getTime()) {
      out.push({ start: new Date(s).toISOString(), end: new Date(e).toISOString(), minutes: Math.round((e - s) / 60_000), reason: open.reason });
    }
    open = null;
  };
  for (const s of sorted) {
    if (s.status === "down") {
      if (!open) open = { start: s.at, last: s.at, reason: s.reason ?? null };
      else {
        open.last = s.at;
        open.reason ??= s.reason ?? null;
      }
    } else if (open) close(s.at);
  }
  if (open) close((open as { last: Date }).last);
  return out;
}

/** The hourly rollup counts the health section reads: checks per status and response times. */
export type HourRollup = { hour: Date; up: number; degraded: number; down: number; totalMsSum: number; totalMsMax: number | null };

export type UptimeWindows = { d1: number | null; d7: number | null; d30: number | null; d90: number | null };

const DAY = 24 * HOUR;

/**
 * Availability over the last 1, 7, 30 and 90 days from hourly rollups: available (up or
 * degraded) checks × 100 / counted checks of the hours from `now` minus the window on; null
 * without counted checks. The definition: the endpoint page has the database make the same sums
 * (lib/checker/queries.ts uptimeSumsQuery), and tests/integration/availability.test.ts checks
 * them against this.
 */
export function uptimeWindows(hours: readonly HourRollup[], now: Date): UptimeWindows {
  const pct = (days: number) => {
    const since = now.getTime() - days * DAY;
    let available = 0;
    let counted = 0;
    for (const h of hours) {
      if (h.hour.getTime() < since) continue;
      available += h.up + h.degraded;
      counted += h.up + h.degraded + h.down;
    }
    return uptimePercent(available, counted);
  };
  return { d1: pct(1), d7: pct(7), d30: pct(30), d90: pct(90) };
}

/** Available checks × 100 / counted checks; null without counted checks. */
export function uptimePercent(available: number, counted: number): number | null {
  return counted ? (available * 100) / counted : null;
}

/** The days the latency chart shows (latencySeries' default). */
export const LATENCY_DAYS = 7;

/**
 * From which hour the endpoint page needs hourly rows (getEndpointAvailability): the latency
 * chart's days, and every month of its list that is not frozen (a frozen month's figures are
 * stored; reading its hours again was ~8,000 rows for a year-old endpoint). `months` oldest
 * first; the current month is never frozen.
 */
export function hourlyRowsSince(months: readonly string[], frozen: ReadonlySet<string>, now: Date): Date {
  const latency = now.getTime() - LATENCY_DAYS * DAY;
  const open = months.find((m) => !frozen.has(m));
  return new Date(open === undefined ? latency : Math.min(latency, amsterdamMonthRange(open).start.getTime()));
}

/** Average and slowest response time per hour of the last `days` days, oldest first; hours without counted checks are left out. */
export function latencySeries(hours: readonly HourRollup[], now: Date, days = LATENCY_DAYS): { hour: Date; avgMs: number; maxMs: number | null; checks: number }[] {
  const since = now.getTime() - days * DAY;
  return hours
    .filter((h) => h.hour.getTime() >= since && h.up + h.degraded + h.down > 0)
    .sort((a, b) => a.hour.getTime() - b.hour.getTime())
    .map((h) => {
      const n = h.up + h.degraded + h.down;
      return { hour: h.hour, avgMs: Math.round(h.totalMsSum / n), maxMs: h.totalMsMax, checks: n };
    });
}
