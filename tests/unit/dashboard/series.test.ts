import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildSeriesByMetric, chartEnd, clipSeries, cumulate, firstDay, infrastructuresLiveSeries, sampleWeekly, seriesFor, type Delta } from "@/lib/dashboard/series";
import { DEFAULT_MILESTONES, getMetricKey } from "@/lib/domain/milestones";

const D = (day: string, vendor: string, metric: string, delta: number): Delta => ({ day, vendor, metric, delta });
const deltas: Delta[] = [
  D("2026-01-05", "enovation", "live", 1),
  D("2026-01-05", "founda", "live", 1),
  D("2026-01-12", "enovation", "live", 2),
  D("2026-01-19", "founda", "live", -1),
  D("2026-01-19", "alphatron", "live", 1),
  D("2026-01-05", "alphatron", "mitz_connected", 3),
  D("2026-01-12", "alphatron", "mitz_connected", -1),
  D("2026-01-12", "", "agreements", 2),
];

describe("cumulate and seriesFor", () => {
  const cases: [string, Parameters<typeof seriesFor>[0], { date: string; count: number }[]][] = [
    ["all live", { deltas, metric: "live" }, [{ date: "2026-01-05", count: 2 }, { date: "2026-01-12", count: 4 }, { date: "2026-01-19", count: 4 }]],
    ["live of one vendor", { deltas, metric: "live", vendors: ["founda"] }, [{ date: "2026-01-05", count: 1 }, { date: "2026-01-19", count: 0 }]],
    ["until a date", { deltas, metric: "live", until: "2026-01-12" }, [{ date: "2026-01-05", count: 2 }, { date: "2026-01-12", count: 4 }]],
    ["a precondition, falling", { deltas, metric: "mitz_connected" }, [{ date: "2026-01-05", count: 3 }, { date: "2026-01-12", count: 2 }]],
    ["no changes: empty", { deltas, metric: "mitz_filled" }, []],
    ["empty vendor list means all", { deltas, metric: "agreements", vendors: [] }, [{ date: "2026-01-12", count: 2 }]],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.deepEqual(seriesFor(input), expected));
  test("same-day deltas merge; order of input does not matter", () => {
    assert.deepEqual(cumulate({ deltas: [{ day: "2026-02-01", delta: 1 }, { day: "2026-01-01", delta: 2 }, { day: "2026-02-01", delta: -1 }] }), [{ date: "2026-01-01", count: 2 }, { date: "2026-02-01", count: 2 }]);
  });
});

describe("infrastructures live", () => {
  test("counts vendors with at least one live institution", () => {
    assert.deepEqual(infrastructuresLiveSeries({ deltas, vendors: ["enovation", "founda", "alphatron"] }), [
      { date: "2026-01-05", count: 2 },
      { date: "2026-01-12", count: 2 },
      { date: "2026-01-19", count: 2 },
    ]);
    assert.deepEqual(infrastructuresLiveSeries({ deltas: [], vendors: ["enovation"] }), []);
  });
});

describe("buildSeriesByMetric", () => {
  test("every counted default milestone gets its series; manual ones none", () => {
    const out = buildSeriesByMetric({ deltas, milestones: DEFAULT_MILESTONES });
    const keys = DEFAULT_MILESTONES.filter((m) => m.metric.kind !== "manual").map((m) => getMetricKey({ metric: m.metric }));
    assert.deepEqual(Object.keys(out).sort(), [...keys].sort());
    assert.deepEqual(out["precondition:mitz_connected:alphatron"], [{ date: "2026-01-05", count: 3 }, { date: "2026-01-12", count: 2 }]);
  });
});

describe("sampling and clipping", () => {
  test("weekly samples include the end date", () => {
    const s = [{ date: "2026-01-05", count: 2 }, { date: "2026-01-12", count: 4 }];
    assert.deepEqual(sampleWeekly({ series: s, from: "2025-12-29", to: "2026-01-14" }), [
      { date: "2025-12-29", count: 0 },
      { date: "2026-01-05", count: 2 },
      { date: "2026-01-12", count: 4 },
      { date: "2026-01-14", count: 4 },
    ]);
    assert.deepEqual(sampleWeekly({ series: s, from: "2026-02-01", to: "2026-01-14" }), [{ date: "2026-01-14", count: 4 }]);
  });
  test("clipSeries interpolates at the end; chartEnd adds a month after the later date", () => {
    const p = [{ date: "2026-01-01", count: 0 }, { date: "2026-01-11", count: 10 }, { date: "2026-01-21", count: 20 }];
    assert.deepEqual(clipSeries({ points: p, end: "2026-01-06" }), [{ date: "2026-01-01", count: 0 }, { date: "2026-01-06", count: 5 }]);
    assert.deepEqual(clipSeries({ points: p, end: "2027-01-01" }), p);
    assert.deepEqual(clipSeries({ points: p, end: "2025-01-01" }), []);
    assert.equal(chartEnd({ day: "2026-11-22", targetDate: "2026-12-31" }), "2027-01-31");
    assert.equal(chartEnd({ day: "2027-03-01", targetDate: "2026-12-31" }), "2027-04-01");
  });
  test("firstDay", () => {
    assert.equal(firstDay(deltas), "2026-01-05");
    assert.equal(firstDay([]), null);
  });
});
