/**
 * The burn-up chart's SVG (app/(portal)/dashboard/burnup-chart.tsx): visx's scales and ticks,
 * drawn compactly. What a reader of the chart relies on: every tick label there, in the page's
 * language, where visx puts it; and the markup small (issue 21 §3: it travels twice, as HTML and
 * in the RSC payload).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { BurnUpChart, burnUpDrawing, type ChartSeries } from "@/app/(portal)/dashboard/burnup-chart";

/** 60 weeks from 2025-10-06, four series of cumulative counts up to 100. */
function weekly(key: string, perWeek: number): ChartSeries {
  const start = Date.UTC(2025, 9, 6);
  const points = Array.from({ length: 60 }, (_, i) => ({ date: new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10), count: Math.min(100, Math.floor(i * perWeek)) }));
  return { key, label: key, color: "#15365f", points };
}
const series = [weekly("agreements", 1.7), weekly("mitz_connected", 1.1), weekly("mitz_filled", 0.9), weekly("live", 0.5)];
const render = (locale: "nl" | "en") => renderToStaticMarkup(createElement(BurnUpChart, { series, target: 130, targetDate: "2026-12-31", label: "Grafiek", titleId: "t", locale }));

const labels = (svg: string) => [...svg.matchAll(/<text x="(-?[\d.]+)" y="(-?[\d.]+)">([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));

describe("the burn-up chart", () => {
  test("has every tick label: counts on the left, months in the page's language at the bottom", () => {
    const nl = labels(render("nl"));
    const left = nl.filter((l) => l.x === -12);
    assert.deepEqual(
      left.map((l) => l.text),
      ["0", "20", "40", "60", "80", "100", "120", "140"],
    );
    // Centred on its tick: 3 px below it; the zero tick sits on the axis (284 px down).
    assert.equal(left[0].y, 287);
    const bottom = nl.filter((l) => l.x !== -12);
    assert.ok(bottom.length >= 4, JSON.stringify(bottom));
    // Below the axis (its group starts there): the tick (8 px), the font size (11) and visx's
    // 0.25em, 21.75 px, to 0.1 px.
    for (const l of bottom) assert.equal(l.y, 21.8);
    assert.ok(bottom.some((l) => l.text === "jan 26") && bottom.some((l) => l.text === "okt 26"), bottom.map((l) => l.text).join(", "));
    const en = labels(render("en")).filter((l) => l.x !== -12);
    assert.ok(en.some((l) => l.text === "Oct 26"), en.map((l) => l.text).join(", "));
  });

  test("draws the grid, the axes and the lines as paths with coordinates to 0.1 px", () => {
    const svg = render("nl");
    const paths = [...svg.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]);
    // Grid, four series, two axes.
    assert.equal(paths.length, 7);
    const grid = paths[0];
    assert.equal(grid.match(/M/g)?.length, 8, grid);
    for (const d of paths) for (const n of d.match(/-?\d+(?:\.\d+)?/g) ?? []) assert.ok(!/\.\d\d/.test(n), `${n} in ${d.slice(0, 80)}`);
    // No visx tick groups, and a size that stays small: ~500 bytes per tick before.
    assert.ok(!svg.includes("visx-axis-tick"));
    assert.ok(svg.length < 7_000, `${svg.length} bytes`);
  });

  test("travels as plain data: the weekly series share one row of x positions, a projection has its own points", () => {
    const projection: ChartSeries = { key: "projection", label: "p", color: "#0b5394", dashed: true, points: [{ date: "2026-11-23", count: 29 }, { date: "2026-12-31", count: 31 }] };
    const d = burnUpDrawing({ series: [...series, projection], target: 130, targetDate: "2026-12-31", label: "Grafiek", titleId: "t", locale: "nl" });
    assert.equal(d.xs.length, 60);
    assert.deepEqual(d.lines.map((l) => ("ys" in l ? "ys" : "pts")), ["ys", "ys", "ys", "ys", "pts"]);
    const p = d.lines[4];
    assert.ok("pts" in p && p.pts.length === 4);
    // The drawn line is the same as from the shared row: its first point is the first week's.
    assert.equal(d.xs[0], 0);
    // The props are about half the SVG they draw (~3 KB against ~5.6 KB): the elements are not sent twice.
    assert.ok(JSON.stringify(d).length < render("nl").length * 0.6, `${JSON.stringify(d).length} against ${render("nl").length}`);
  });
});
