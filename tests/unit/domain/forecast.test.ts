import { test } from "node:test";
import assert from "node:assert/strict";
import { computeForecast, getCountAt, type BurnUpPoint } from "@/lib/domain/forecast";

const TODAY = "2026-11-22";
const TARGET_DATE = "2026-12-31"; // 39 days after TODAY

type Row = {
  name: string;
  series: BurnUpPoint[];
  today?: string;
  windowWeeks?: number;
  target?: number;
  expect: {
    currentCount: number;
    pacePerWeek: number;
    remaining: number;
    targetMet: boolean;
    targetMetOn?: string | null;
    daysRemaining: number;
    targetDatePassed: boolean;
    requiredPerWeek: number | null;
    projectedDate: string | null;
    onTrack: boolean;
  };
};

const rows: Row[] = [
  {
    name: "no progress yet (empty series)",
    series: [],
    expect: { currentCount: 0, pacePerWeek: 0, remaining: 130, targetMet: false, targetMetOn: null, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 23.33, projectedDate: null, onTrack: false },
  },
  {
    name: "target already met",
    series: [
      { date: "2026-09-01", count: 120 },
      { date: "2026-10-01", count: 130 },
      { date: "2026-11-01", count: 131 },
    ],
    expect: { currentCount: 131, pacePerWeek: 0.25, remaining: 0, targetMet: true, targetMetOn: "2026-10-01", daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 0, projectedDate: "2026-10-01", onTrack: true },
  },
  {
    name: "pace zero over the window",
    series: [{ date: "2026-01-01", count: 50 }],
    expect: { currentCount: 50, pacePerWeek: 0, remaining: 80, targetMet: false, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 14.36, projectedDate: null, onTrack: false },
  },
  {
    name: "steady pace, too slow",
    series: [
      { date: "2026-10-25", count: 90 },
      { date: "2026-11-22", count: 100 },
    ],
    expect: { currentCount: 100, pacePerWeek: 2.5, remaining: 30, targetMet: false, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 5.38, projectedDate: "2027-02-14", onTrack: false },
  },
  {
    name: "fast enough",
    series: [
      { date: "2026-10-25", count: 60 },
      { date: "2026-11-22", count: 100 },
    ],
    expect: { currentCount: 100, pacePerWeek: 10, remaining: 30, targetMet: false, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 5.38, projectedDate: "2026-12-13", onTrack: true },
  },
  {
    name: "target date passed, target not met",
    today: "2027-01-10",
    series: [
      { date: "2026-12-13", count: 110 },
      { date: "2027-01-10", count: 120 },
    ],
    expect: { currentCount: 120, pacePerWeek: 2.5, remaining: 10, targetMet: false, daysRemaining: 0, targetDatePassed: true, requiredPerWeek: null, projectedDate: "2027-02-07", onTrack: false },
  },
  {
    name: "falling count gives no projection",
    series: [
      { date: "2026-10-25", count: 12 },
      { date: "2026-11-15", count: 10 },
    ],
    expect: { currentCount: 10, pacePerWeek: -0.5, remaining: 120, targetMet: false, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 21.54, projectedDate: null, onTrack: false },
  },
  {
    name: "points after today are ignored",
    series: [
      { date: "2026-10-25", count: 0 },
      { date: "2026-11-22", count: 4 },
      { date: "2026-12-01", count: 130 },
    ],
    expect: { currentCount: 4, pacePerWeek: 1, remaining: 126, targetMet: false, daysRemaining: 39, targetDatePassed: false, requiredPerWeek: 22.62, projectedDate: "2029-04-22", onTrack: false },
  },
];

for (const r of rows) {
  test(`forecast: ${r.name}`, () => {
    const f = computeForecast({
      series: r.series,
      windowWeeks: r.windowWeeks ?? 4,
      targetCount: r.target ?? 130,
      targetDate: TARGET_DATE,
      today: r.today ?? TODAY,
    });
    const picked = Object.fromEntries(Object.keys(r.expect).map((k) => [k, f[k as keyof typeof f]]));
    assert.deepEqual(picked, r.expect);
  });
}

test("projected series runs weekly from today to the projected date, ending on the target", () => {
  const f = computeForecast({ series: rows[3].series, windowWeeks: 4, targetCount: 130, targetDate: TARGET_DATE, today: TODAY });
  assert.equal(f.projectedSeries.length, 13);
  assert.deepEqual(f.projectedSeries[0], { date: TODAY, count: 100 });
  assert.deepEqual(f.projectedSeries[1], { date: "2026-11-29", count: 102.5 });
  assert.deepEqual(f.projectedSeries.at(-1), { date: "2027-02-14", count: 130 });
  assert.deepEqual(f.requiredSeries, [
    { date: TODAY, count: 100 },
    { date: TARGET_DATE, count: 130 },
  ]);
});

test("with no pace the projection is flat up to the target date; met targets have no projection", () => {
  const flat = computeForecast({ series: [], windowWeeks: 4, targetCount: 130, targetDate: TARGET_DATE, today: TODAY });
  assert.deepEqual(flat.projectedSeries.map((p) => p.date), ["2026-11-22", "2026-11-29", "2026-12-06", "2026-12-13", "2026-12-20", "2026-12-27", "2026-12-31"]);
  assert.ok(flat.projectedSeries.every((p) => p.count === 0));
  const met = computeForecast({ series: rows[1].series, windowWeeks: 4, targetCount: 130, targetDate: TARGET_DATE, today: TODAY });
  assert.deepEqual(met.projectedSeries, []);
  assert.deepEqual(met.requiredSeries, []);
  const passed = computeForecast({ series: [], windowWeeks: 4, targetCount: 130, targetDate: TARGET_DATE, today: "2027-02-01" });
  assert.deepEqual(passed.projectedSeries, [{ date: "2027-02-01", count: 0 }]);
});

test("a very slow pace is capped by maxProjectionWeeks", () => {
  const f = computeForecast({
    series: [{ date: "2026-11-22", count: 1 }],
    windowWeeks: 52,
    targetCount: 130,
    targetDate: TARGET_DATE,
    today: TODAY,
    maxProjectionWeeks: 10,
  });
  assert.equal(f.projectedSeries.length, 11);
  assert.equal(f.projectedSeries.at(-1)!.date, "2027-01-31");
});

test("the window length changes the pace", () => {
  const series = [
    { date: "2026-08-30", count: 0 },
    { date: "2026-10-25", count: 8 },
    { date: "2026-11-22", count: 20 },
  ];
  const four = computeForecast({ series, windowWeeks: 4, targetCount: 130, targetDate: TARGET_DATE, today: TODAY });
  const twelve = computeForecast({ series, windowWeeks: 12, targetCount: 130, targetDate: TARGET_DATE, today: TODAY });
  assert.equal(four.pacePerWeek, 3);
  assert.equal(twelve.pacePerWeek, 1.67);
  assert.equal(twelve.windowStart, "2026-08-30");
});

test("bad arguments are refused", () => {
  const base = { series: [], targetCount: 130, targetDate: TARGET_DATE, today: TODAY };
  assert.throws(() => computeForecast({ ...base, windowWeeks: 0 }), RangeError);
  assert.throws(() => computeForecast({ ...base, windowWeeks: 1.5 }), RangeError);
  assert.throws(() => computeForecast({ ...base, windowWeeks: 4, targetCount: -1 }), RangeError);
  assert.throws(() => computeForecast({ ...base, windowWeeks: 4, today: "22-11-2026" }), RangeError);
});

test("getCountAt: last point on or before the date, 0 before the first", () => {
  const series = [
    { date: "2026-03-01", count: 5 },
    { date: "2026-02-01", count: 2 },
  ];
  const table: [string, number][] = [
    ["2026-01-31", 0],
    ["2026-02-01", 2],
    ["2026-02-28", 2],
    ["2026-03-01", 5],
    ["2027-01-01", 5],
  ];
  for (const [date, count] of table) assert.equal(getCountAt({ series, date }), count, date);
});
