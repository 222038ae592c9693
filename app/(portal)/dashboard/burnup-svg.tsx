"use client";
/**
 * The burn-up chart drawn from plain data (./burnup-chart.tsx computes it on the server with
 * visx's scales). A client component so that the SVG's elements are drawn here and not sent as
 * elements in the RSC payload (CONVENTIONS, "Markup that repeats over data"): the series that
 * share the weekly dates travel as one row of x positions and a row of y positions each, not as
 * path strings twice. Rendered on the server like the rest of the page.
 */
import { AXIS_COLOUR, AxisShape, GridShape, type AxisDrawing } from "@/app/_components/chart-axes";

/** A line: its y per shared x (`ys`), or its own points as x, y pairs flattened (`pts`). */
export type DrawnLine = { key: string; label: string; color: string; width: number; dashed: boolean } & ({ ys: number[] } | { pts: number[] });

export type BurnUpDrawing = {
  width: number;
  height: number;
  /** Where the plot starts inside the SVG, and its size. */
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  titleId: string;
  label: string;
  grid: string;
  /** The target date's vertical and the target count's horizontal, in the plot's coordinates. */
  targetX: number;
  targetY: number;
  /** The x of each week the series share. */
  xs: number[];
  lines: DrawnLine[];
  leftAxis: AxisDrawing;
  bottomAxis: AxisDrawing;
};

/** The line's `d` as d3's linear line writes it: "M0,284L11.2,279.9…". */
function lineD(line: DrawnLine, xs: number[]): string {
  const pairs: string[] = [];
  if ("ys" in line) line.ys.forEach((y, i) => pairs.push(`${xs[i]},${y}`));
  else for (let i = 0; i + 1 < line.pts.length; i += 2) pairs.push(`${line.pts[i]},${line.pts[i + 1]}`);
  return `M${pairs.join("L")}`;
}

export function BurnUpSvg({ drawing: d }: { drawing: BurnUpDrawing }) {
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${d.width} ${d.height}`} width="100%" role="img" aria-labelledby={d.titleId} style={{ maxWidth: d.width, height: "auto", display: "block" }}>
        <title id={d.titleId}>{d.label}</title>
        <g transform={`translate(${d.left}, ${d.top})`}>
          <GridShape d={d.grid} />
          <line x1={d.targetX} x2={d.targetX} y1={0} y2={d.plotHeight} stroke={AXIS_COLOUR} strokeDasharray="2 4" />
          <line x1={0} x2={d.plotWidth} y1={d.targetY} y2={d.targetY} stroke={AXIS_COLOUR} strokeDasharray="2 4" />
          {d.lines.map((l) => (
            <path key={l.key} d={lineD(l, d.xs)} fill="none" strokeLinecap="round" stroke={l.color} strokeWidth={l.width} strokeDasharray={l.dashed ? "6 4" : undefined} />
          ))}
          <AxisShape axis={d.leftAxis} />
          <g transform={`translate(0, ${d.plotHeight})`}>
            <AxisShape axis={d.bottomAxis} />
          </g>
        </g>
      </svg>
      <figcaption>
        <ul className="plain legend" aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", gap: "1rem", marginTop: ".5rem" }}>
          {d.lines.map((l) => (
            <li key={l.key} style={{ display: "flex", alignItems: "center", gap: ".35rem" }}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line x1="0" x2="28" y1="5" y2="5" stroke={l.color} strokeWidth={l.width} strokeDasharray={l.dashed ? "6 4" : undefined} />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
