/**
 * An endpoint's response-time chart (app/(portal)/registry/[id]/latency-chart.tsx). What a reader
 * relies on: every axis label is inside the SVG, also when a slow gateway pushes the scale past
 * 1,000 ms, in the widest font a browser falls back to for Arial (DejaVu Sans on Debian: a CI run
 * found "1000 ms" and "1200 ms" cut off at the chart's left edge); and the markup stays small.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { LatencyChart, type LatencyPoint } from "@/app/(portal)/registry/[id]/latency-chart";

/** DejaVu Sans advance widths in em (from the font's hmtx table). */
const DEJAVU: Record<string, number> = { " ": 0.318, m: 0.974, s: 0.521, ":": 0.337, ".": 0.318 };
for (const d of "0123456789") DEJAVU[d] = 0.636;
const widthPx = (text: string) => [...text].reduce((sum, c) => sum + (DEJAVU[c] ?? 0.7), 0) * 11;

/** 24 hours up to 2026-12-01 12:00 UTC, the average around `avg`, the maximum up to `max`. */
function day(avg: number, max: number): LatencyPoint[] {
  const end = Date.UTC(2026, 11, 1, 12);
  return Array.from({ length: 24 }, (_, i) => ({ hour: new Date(end - (23 - i) * 3_600_000).toISOString(), avgMs: avg + (i % 5) * 7, maxMs: i === 12 ? max : avg * 1.5 }));
}
const render = (points: LatencyPoint[]) => renderToStaticMarkup(createElement(LatencyChart, { points, titleId: "t", locale: "nl", texts: { caption: "Responstijd", avg: "Gemiddeld", max: "Hoogste" } }));

function layout(svg: string) {
  const left = Number(/<g class="visx-group" transform="translate\(([\d.]+), 12\)"/.exec(svg)?.[1]);
  const labels = [...svg.matchAll(/<text x="(-?[\d.]+)" y="(-?[\d.]+)">([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));
  return { left, axisLeft: labels.filter((l) => l.text.endsWith(" ms")), bottom: labels.filter((l) => !l.text.endsWith(" ms")) };
}

describe("the latency chart", () => {
  for (const [avg, max] of [[40, 90], [300, 700], [800, 1_200], [4_000, 9_500], [20_000, 30_000]]) {
    test(`keeps every label inside the SVG with a maximum of ${max} ms`, () => {
      const { left, axisLeft, bottom } = layout(render(day(avg, max)));
      assert.ok(Number.isFinite(left), "the plot's group is translated by the left margin");
      assert.ok(axisLeft.length >= 4, JSON.stringify(axisLeft));
      for (const l of axisLeft) {
        // Right-aligned at x (relative to the plot): its left edge must stay right of the SVG's 0.
        assert.ok(left + l.x - widthPx(l.text) >= 0, `"${l.text}" starts at ${(left + l.x - widthPx(l.text)).toFixed(1)} px`);
      }
      assert.ok(bottom.length >= 3, JSON.stringify(bottom));
      for (const l of bottom) {
        const half = widthPx(l.text) / 2;
        assert.ok(left + l.x - half >= 0 && left + l.x + half <= 880, `"${l.text}" at ${left + l.x} px`);
      }
    });
  }

  test("a week of data is labelled by day in the page's language, and the markup stays small", () => {
    const end = Date.UTC(2026, 10, 30, 12);
    const week = Array.from({ length: 7 * 24 }, (_, i) => ({ hour: new Date(end - (7 * 24 - 1 - i) * 3_600_000).toISOString(), avgMs: 120 + (i % 9), maxMs: 300 }));
    const svg = render(week);
    const { bottom } = layout(svg);
    assert.ok(bottom.some((l) => / nov\.?$/.test(l.text)), bottom.map((l) => l.text).join(", "));
    assert.ok(!svg.includes("visx-axis-tick"));
    // 168 points (a dot and two line segments each, ~75 bytes): 12.8 KB when measured.
    assert.ok(svg.length < 168 * 80 + 4_000, `${svg.length} bytes`);
  });
});
