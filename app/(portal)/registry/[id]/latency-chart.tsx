/**
 * Response time per hour, drawn with visx as SVG on the server only, compactly, as the dashboard's
 * burn-up chart is (app/_components/chart-axes.tsx); the data is also in a table below it.
 *
 * The left margin grows with the longest axis label, so "1200 ms" is not cut off at the SVG's
 * edge when a slow gateway pushes the scale past 1,000 ms.
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { Locale } from "@/lib/i18n/messages";
import { formatDateTime } from "@/lib/domain/intl";
import { BottomAxis, GridPath, LeftAxis, leftAxisRoom, r1 } from "@/app/_components/chart-axes";

const W = 880;
const H = 260;
/** The right margin holds half of the last time label ("30 nov." is ~41 px wide in DejaVu Sans). */
const M = { top: 12, right: 28, bottom: 36 };
const AVG = "#1f5fa8";
const MAX = "#8a5a00";

export type LatencyPoint = { hour: string; avgMs: number; maxMs: number | null };
export type LatencyTexts = { caption: string; avg: string; max: string };

export function LatencyChart({ points, titleId, locale, texts }: { points: LatencyPoint[]; titleId: string; locale: Locale; texts: LatencyTexts }) {
  const dateLocale = locale === "en" ? "en-GB" : "nl-NL";
  const xs = points.map((p) => Date.parse(p.hour));
  // One hour of data still gets a readable axis: show at least a 6-hour span.
  const maxX = Math.max(...xs);
  const minX = Math.min(...xs, maxX - 6 * 3_600_000);
  const short = maxX - minX <= 2 * 86_400_000;
  const maxY = Math.max(100, ...points.map((p) => p.maxMs ?? p.avgMs));
  const y = scaleLinear({ domain: [0, maxY * 1.1], range: [H - M.top - M.bottom, 0], nice: true });
  const yLabel = (v: unknown) => `${Number(v)} ms`;
  const left = leftAxisRoom(y.ticks(5).map(yLabel), 56);
  const x = scaleUtc({ domain: [new Date(minX), new Date(maxX)], range: [0, W - left - M.right] });
  const at = (p: LatencyPoint) => r1(x(new Date(p.hour)));
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: W, height: "auto", display: "block" }}>
        <title id={titleId}>{texts.caption}</title>
        <Group left={left} top={M.top}>
          <GridRows scale={y} width={W - left - M.right} numTicks={5}>
            {GridPath}
          </GridRows>
          <LinePath data={points.filter((p) => p.maxMs !== null)} x={at} y={(p) => r1(y(p.maxMs!))} stroke={MAX} strokeWidth={1.5} strokeDasharray="5 4" fill="none" />
          <LinePath data={points} x={at} y={(p) => r1(y(p.avgMs))} stroke={AVG} strokeWidth={2} fill="none" />
          {/* A 3 px dot on every hour, as one path of two arcs each (a week is 168 dots). */}
          <path d={points.map((p) => `M${r1(at(p) - 3)} ${r1(y(p.avgMs))}a3 3 0 1 0 6 0a3 3 0 1 0-6 0`).join("")} fill={AVG} />
          <AxisLeft scale={y} numTicks={5} tickFormat={yLabel}>
            {LeftAxis}
          </AxisLeft>
          <AxisBottom
            top={H - M.top - M.bottom}
            scale={x}
            numTicks={6}
            tickFormat={(v) => {
              const d = v instanceof Date ? v : new Date(Number(v));
              return short
                ? formatDateTime(d, dateLocale, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" })
                : formatDateTime(d, dateLocale, { day: "numeric", month: "short", timeZone: "Europe/Amsterdam" });
            }}
          >
            {BottomAxis}
          </AxisBottom>
        </Group>
      </svg>
      <figcaption aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", gap: "1rem", marginTop: ".4rem" }}>
        <span>
          <svg width="28" height="10" focusable="false">
            <line x1="0" x2="28" y1="5" y2="5" stroke={AVG} strokeWidth={2} />
          </svg>{" "}
          {texts.avg}
        </span>
        <span>
          <svg width="28" height="10" focusable="false">
            <line x1="0" x2="28" y1="5" y2="5" stroke={MAX} strokeWidth={1.5} strokeDasharray="5 4" />
          </svg>{" "}
          {texts.max}
        </span>
      </figcaption>
    </figure>
  );
}
