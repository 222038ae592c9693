import { test } from "node:test";
import assert from "node:assert/strict";
import {
  amsterdamMonthOf,
  amsterdamMonthRange,
  availabilityPercent,
  computeMonthFigures,
  findIncidents,
  hourlyRowsSince,
  isMonth,
  latencySeries,
  nextMonth,
  previousMonth,
  sumFigures,
  uptimePercent,
  uptimeWindows,
  type HourCounts,
  type HourRollup,
} from "@/lib/domain/availability";

const H = 3_600_000;

test("an Amsterdam month is a whole number of UTC hours, DST included", () => {
  const table: [string, string, string, number][] = [
    ["2026-01", "2025-12-31T23:00:00.000Z", "2026-01-31T23:00:00.000Z", 744],
    ["2026-03", "2026-02-28T23:00:00.000Z", "2026-03-31T22:00:00.000Z", 743], // spring forward: one hour short
    ["2026-04", "2026-03-31T22:00:00.000Z", "2026-04-30T22:00:00.000Z", 720],
    ["2026-10", "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z", 745], // fall back: one hour more
    ["2028-02", "2028-01-31T23:00:00.000Z", "2028-02-29T23:00:00.000Z", 696],
    ["2026-12", "2026-11-30T23:00:00.000Z", "2026-12-31T23:00:00.000Z", 744],
  ];
  for (const [month, start, end, hours] of table) {
    const r = amsterdamMonthRange(month);
    assert.equal(r.start.toISOString(), start, month);
    assert.equal(r.end.toISOString(), end, month);
    assert.equal((r.end.getTime() - r.start.getTime()) / H, hours, month);
    assert.equal(amsterdamMonthOf(r.start), month);
    assert.equal(amsterdamMonthOf(new Date(r.end.getTime() - 1)), month);
    assert.equal(amsterdamMonthOf(r.end), nextMonth(month));
  }
  assert.equal(nextMonth("2026-12"), "2027-01");
  assert.equal(previousMonth("2027-01"), "2026-12");
  const months: [unknown, boolean][] = [["2026-01", true], ["2026-13", false], ["2026-1", false], ["2026-01-01", false], [null, false], [202601, false]];
  for (const [v, ok] of months) assert.equal(isMonth(v), ok, String(v));
  assert.throws(() => amsterdamMonthRange("2026-13"), RangeError);
});

/** `n` consecutive hours from `from` with the same counts. */
function hours(from: string, n: number, c: Partial<Omit<HourCounts, "hour">>): HourCounts[] {
  const t0 = new Date(from).getTime();
  return Array.from({ length: n }, (_, i) => ({ hour: new Date(t0 + i * H), up: 0, degraded: 0, down: 0, maintenance: 0, checkerOffline: 0, ...c }));
}

test("monthly figures: available = up or degraded; maintenance and checker-offline left out and reported", () => {
  const month = "2026-11"; // 2026-10-31T23:00Z .. 2026-11-30T23:00Z, 720 hours
  const start = "2026-10-31T23:00:00.000Z";
  type Row = [string, HourCounts[], { checks: number; availableChecks: number; failedChecks: number; downMinutes: number; maintenanceMinutes: number; checkerOfflineMinutes: number }, number | null];
  const table: Row[] = [
    ["all up, 1-minute checks", hours(start, 720, { up: 60 }), { checks: 43200, availableChecks: 43200, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 }, 100],
    ["degraded counts as available", hours(start, 720, { up: 50, degraded: 10 }), { checks: 43200, availableChecks: 43200, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 }, 100],
    [
      "two hours down of 720",
      [...hours(start, 2, { down: 60 }), ...hours("2026-11-01T01:00:00Z", 718, { up: 60 })],
      { checks: 43200, availableChecks: 43080, failedChecks: 120, downMinutes: 120, maintenanceMinutes: 0, checkerOfflineMinutes: 0 },
      99.722,
    ],
    [
      "a maintenance hour with down checks leaves the denominator",
      [...hours(start, 1, { maintenance: 60 }), ...hours("2026-11-01T00:00:00Z", 719, { up: 60 })],
      { checks: 43140, availableChecks: 43140, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 60, checkerOfflineMinutes: 0 },
      100,
    ],
    [
      "checker offline half an hour at a 5-minute interval",
      [...hours(start, 1, { up: 6, checkerOffline: 6 }), ...hours("2026-11-01T00:00:00Z", 719, { up: 11, down: 1 })],
      { checks: 8634, availableChecks: 7915, failedChecks: 719, downMinutes: 3595, maintenanceMinutes: 0, checkerOfflineMinutes: 30 },
      91.672,
    ],
    [
      "hours without any check between measured hours: the checker did not run",
      [...hours(start, 10, { up: 60 }), ...hours("2026-11-01T13:00:00Z", 10, { up: 60 })], // 4 hours missing between
      { checks: 1200, availableChecks: 1200, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 240 },
      100,
    ],
    [
      "hours outside the month are ignored",
      [...hours("2026-10-31T21:00:00Z", 2, { down: 60 }), ...hours(start, 720, { up: 12 }), ...hours("2026-11-30T23:00:00Z", 3, { down: 12 })],
      { checks: 8640, availableChecks: 8640, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 },
      100,
    ],
    ["nothing measured", [], { checks: 0, availableChecks: 0, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 }, null],
    ["only maintenance", hours(start, 3, { maintenance: 60 }), { checks: 0, availableChecks: 0, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 180, checkerOfflineMinutes: 0 }, null],
  ];
  for (const [name, rows, want, pct] of table) {
    const got = computeMonthFigures({ month, hours: rows });
    assert.deepEqual(got, want, name);
    assert.equal(availabilityPercent(got), pct, name);
  }
});

test("a late correction reclassifies whole hours as maintenance or checker offline", () => {
  const rows = [...hours("2026-10-31T23:00:00Z", 2, { down: 60 }), ...hours("2026-11-01T01:00:00Z", 718, { up: 60 })];
  const corrected = computeMonthFigures({
    month: "2026-11",
    hours: rows,
    reclassify: [{ from: new Date("2026-10-31T23:30:00Z"), to: new Date("2026-11-01T01:00:00Z"), kind: "maintenance" }],
  });
  assert.deepEqual(corrected, { checks: 43080, availableChecks: 43080, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 120, checkerOfflineMinutes: 0 });
  const offline = computeMonthFigures({ month: "2026-11", hours: rows, reclassify: [{ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-01T00:59:00Z"), kind: "checker_offline" }] });
  assert.equal(offline.failedChecks, 60);
  assert.equal(offline.checkerOfflineMinutes, 60);
});

test("group figures add checks and endpoint-minutes; the percentage comes from the sums", () => {
  const a = { checks: 43200, availableChecks: 43080, failedChecks: 120, downMinutes: 120, maintenanceMinutes: 0, checkerOfflineMinutes: 0 };
  const b = { checks: 8640, availableChecks: 8640, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 60, checkerOfflineMinutes: 30 };
  const s = sumFigures([a, b]);
  assert.deepEqual(s, { checks: 51840, availableChecks: 51720, failedChecks: 120, downMinutes: 120, maintenanceMinutes: 60, checkerOfflineMinutes: 30 });
  assert.equal(availabilityPercent(s), 99.769);
  assert.deepEqual(sumFigures([]), { checks: 0, availableChecks: 0, failedChecks: 0, downMinutes: 0, maintenanceMinutes: 0, checkerOfflineMinutes: 0 });
});

test("incidents: runs of counted down checks, ended by the next available check, clipped to the month", () => {
  const t = (hhmm: string) => new Date(`2026-11-10T${hhmm}:00Z`);
  const s = (hhmm: string, status: "up" | "degraded" | "down", reason: string | null = null, suppressed: "maintenance" | "checker_offline" | null = null) => ({ at: t(hhmm), status, reason, suppressed });
  const from = new Date("2026-10-31T23:00:00Z");
  const to = new Date("2026-11-30T23:00:00Z");
  const table: [string, ReturnType<typeof s>[], Array<{ start: string; end: string; minutes: number; reason: string | null }>][] = [
    ["none", [s("10:00", "up"), s("10:01", "degraded")], []],
    [
      "one run",
      [s("10:00", "up"), s("10:01", "down", "connect_timeout"), s("10:02", "down", "http_status"), s("10:05", "degraded")],
      [{ start: "2026-11-10T10:01:00.000Z", end: "2026-11-10T10:05:00.000Z", minutes: 4, reason: "connect_timeout" }],
    ],
    [
      "maintenance checks neither end nor start a run",
      [s("10:01", "down", "tls_failed"), s("10:02", "up", null, "maintenance"), s("10:03", "down", null, "maintenance"), s("10:04", "down"), s("10:10", "up")],
      [{ start: "2026-11-10T10:01:00.000Z", end: "2026-11-10T10:10:00.000Z", minutes: 9, reason: "tls_failed" }],
    ],
    [
      "two runs, the last still open at the end of the data",
      [s("09:00", "down", "http_status"), s("09:30", "up"), s("11:00", "down", "soap_fault"), s("11:20", "down")],
      [
        { start: "2026-11-10T09:00:00.000Z", end: "2026-11-10T09:30:00.000Z", minutes: 30, reason: "http_status" },
        { start: "2026-11-10T11:00:00.000Z", end: "2026-11-10T11:20:00.000Z", minutes: 20, reason: "soap_fault" },
      ],
    ],
  ];
  for (const [name, samples, want] of table) assert.deepEqual(findIncidents({ samples, from, to }), want, name);
  // A run across the month boundary is clipped to the month.
  const across = findIncidents({
    samples: [
      { at: new Date("2026-11-30T22:30:00Z"), status: "down", suppressed: null, reason: "dns_failed" },
      { at: new Date("2026-11-30T23:30:00Z"), status: "up", suppressed: null },
    ],
    from,
    to,
  });
  assert.deepEqual(across, [{ start: "2026-11-30T22:30:00.000Z", end: "2026-11-30T23:00:00.000Z", minutes: 30, reason: "dns_failed" }]);
});

test("uptime over 1/7/30/90 days and the latency series come from the same hourly rollups", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const ago = (h: number, c: Partial<HourRollup>): HourRollup => ({ hour: new Date(now.getTime() - h * H), up: 0, degraded: 0, down: 0, totalMsSum: 0, totalMsMax: null, ...c });
  const hours: HourRollup[] = [
    ago(2, { up: 10, degraded: 1, down: 1, totalMsSum: 1200, totalMsMax: 300 }), // within 1 day
    ago(24, { up: 4, totalMsSum: 400, totalMsMax: 120 }), // exactly 1 day ago: in the 1-day window
    ago(25, { down: 4 }), // just outside 1 day
    ago(5 * 24, { up: 0, degraded: 0, down: 0 }), // no counted checks (excluded only): in no average, not in the chart
    ago(20 * 24, { up: 6, down: 2, totalMsSum: 800, totalMsMax: 200 }),
    ago(80 * 24, { down: 8 }),
    ago(100 * 24, { down: 100 }), // beyond 90 days
  ];
  const table: [keyof ReturnType<typeof uptimeWindows>, number | null][] = [
    ["d1", (15 * 100) / 16],
    ["d7", (15 * 100) / 20],
    ["d30", (21 * 100) / 28],
    ["d90", (21 * 100) / 36],
  ];
  const u = uptimeWindows(hours, now);
  for (const [k, want] of table) assert.equal(u[k], want, k);
  assert.deepEqual(uptimeWindows([], now), { d1: null, d7: null, d30: null, d90: null });
  assert.deepEqual(uptimeWindows([ago(1, {})], now), { d1: null, d7: null, d30: null, d90: null }, "hours without counted checks: no figure, not 0 %");

  // Latency: the last 7 days, oldest first, average rounded, hours without counted checks left out.
  assert.deepEqual(
    latencySeries([...hours].reverse(), now).map((p) => [p.hour.toISOString(), p.avgMs, p.maxMs, p.checks]),
    [
      [ago(25, {}).hour.toISOString(), 0, null, 4],
      [ago(24, {}).hour.toISOString(), 100, 120, 4],
      [ago(2, {}).hour.toISOString(), 100, 300, 12],
    ],
  );
  assert.equal(latencySeries(hours, now, 30).length, 4, "a longer window takes the older hour too");
});

test("uptimePercent: available × 100 / counted, no figure without counted checks", () => {
  const table: [number, number, number | null][] = [
    [0, 0, null],
    [0, 4, 0],
    [3, 4, 75],
    [12, 12, 100],
  ];
  for (const [available, counted, want] of table) assert.equal(uptimePercent(available, counted), want, `${available}/${counted}`);
});

test("hourlyRowsSince: the latency chart's week, or the first month that is not frozen if earlier", () => {
  // 7 December 2026 12:00 UTC; a week back is 30 November 12:00 UTC; December starts at 30 November 23:00 UTC.
  const now = new Date("2026-12-07T12:00:00Z");
  const months = ["2026-09", "2026-10", "2026-11", "2026-12"];
  const table: [string, string[], string][] = [
    ["all past months frozen: the week (earlier than 1 December)", ["2026-09", "2026-10", "2026-11"], "2026-11-30T12:00:00.000Z"],
    ["November not frozen yet: from its first hour", ["2026-09", "2026-10"], "2026-10-31T23:00:00.000Z"],
    ["a month in the middle not frozen: from that month (summer time)", ["2026-10", "2026-11"], "2026-08-31T22:00:00.000Z"],
    ["nothing frozen: from the first month", [], "2026-08-31T22:00:00.000Z"],
  ];
  for (const [name, frozen, want] of table) assert.equal(hourlyRowsSince(months, new Set(frozen), now).toISOString(), want, name);
  // Late in a month the month's start is earlier than the week: the current month alone decides.
  const late = new Date("2026-12-28T12:00:00Z");
  assert.equal(hourlyRowsSince(["2026-12"], new Set(), late).toISOString(), "2026-11-30T23:00:00.000Z");
});
