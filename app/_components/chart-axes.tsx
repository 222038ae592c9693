/**
 * The compact drawing both SVG charts share (the dashboard's burn-up chart and an endpoint's
 * response times): visx computes the scales, the ticks and the grid lines; they are drawn as one
 * path for the grid, one per axis (its line and tick marks) and a bare <text> per label, with
 * coordinates to 0.1 px. visx's own elements spent ~500 bytes of markup per tick.
 *
 * Server-safe and client-safe: no imports beyond visx's types.
 */
import type { AxisRendererProps, AxisScale } from "@visx/axis";

/** Coordinates to 0.1 px: finer than a screen shows, and a third of the bytes of a full double. */
export const r1 = (n: number) => Math.round(n * 10) / 10;
export const AXIS_COLOUR = "#6b7785";
const GRID_COLOUR = "#d5dae1";
const FONT_SIZE = 11;
const LABEL = { fill: "#1f2328", fontSize: FONT_SIZE, fontFamily: "Arial" } as const;
/** visx's tick length: the labels of the left axis start this far left of the axis line. */
const TICK = 8;
/** The gap between a left tick's end and its label. */
const LEFT_GAP = 4;

/**
 * The room a left axis needs for its widest label, in the chart's own px: the tick, the gap, and
 * 0.7 em per character. Wide enough for the widest font a browser may fall back to for Arial:
 * DejaVu Sans (Debian's default) sets digits at 0.64 em and "m" at 0.97 em, so "1200 ms" is
 * 4.36 em there (48 px at 11 px), which the 56 px the latency chart used to reserve cut off.
 */
export function leftAxisRoom(labels: string[], least: number): number {
  const longest = Math.max(0, ...labels.map((l) => [...l].length));
  return Math.max(least, Math.ceil(TICK + LEFT_GAP + longest * 0.7 * FONT_SIZE + 2));
}

type Point = { x: number; y: number };
/** A tick as visx's Axis computes it: where its mark starts and ends, and its label. */
export type AxisTick = { from: Point; to: Point; formattedValue?: string };
/** An axis drawn: one path (its line and tick marks), where its labels anchor, and each label as [x, y, text]. */
export type AxisDrawing = { d: string; anchor: "end" | "middle"; labels: [number, number, string][] };
type LabelPlacement = { dx: number; dy: number; anchor: "end" | "middle" };

/** Left: 4 px left of the tick's end, 3 px down (centred on it). */
export const LEFT_LABELS: LabelPlacement = { dx: -LEFT_GAP, dy: 3, anchor: "end" };
/** Bottom: visx's label offset below the tick (the font size) plus its 0.25 em. */
export const BOTTOM_LABELS: LabelPlacement = { dx: 0, dy: FONT_SIZE + FONT_SIZE / 4, anchor: "middle" };

/** An axis's line, tick marks and labels as plain data, positioned as visx places them. */
export function axisDrawing(label: LabelPlacement, ticks: AxisTick[], from: Point, to: Point): AxisDrawing {
  return {
    d: [`M${r1(from.x)} ${r1(from.y)}L${r1(to.x)} ${r1(to.y)}`, ...ticks.map((t) => `M${r1(t.from.x)} ${r1(t.from.y)}L${r1(t.to.x)} ${r1(t.to.y)}`)].join(""),
    anchor: label.anchor,
    labels: ticks.map((t) => [r1(t.to.x + label.dx), r1(t.to.y + label.dy), t.formattedValue ?? ""]),
  };
}

/** An axis from its drawing: one path and a bare <text> per label. */
export function AxisShape({ axis }: { axis: AxisDrawing }) {
  return (
    <>
      <path d={axis.d} stroke={AXIS_COLOUR} fill="none" shapeRendering="crispEdges" />
      <g {...LABEL} textAnchor={axis.anchor}>
        {axis.labels.map(([x, y, text], i) => (
          <text key={i} x={x} y={y}>
            {text}
          </text>
        ))}
      </g>
    </>
  );
}

/** A renderer for visx's AxisLeft/AxisBottom (pass as its children) that draws the axis compactly. */
function compactAxis(label: LabelPlacement) {
  return function CompactAxis<Scale extends AxisScale>({ ticks, axisFromPoint, axisToPoint }: AxisRendererProps<Scale>) {
    return <AxisShape axis={axisDrawing(label, ticks, axisFromPoint, axisToPoint)} />;
  };
}
export const LeftAxis = compactAxis(LEFT_LABELS);
export const BottomAxis = compactAxis(BOTTOM_LABELS);

/** Horizontal grid lines at the given heights, from x = 0 to `width`, as one path's `d`. */
export function gridPathD(lines: { from: { x?: number; y?: number }; to: { x?: number; y?: number } }[]): string {
  return lines.map((l) => `M${r1(l.from.x ?? 0)} ${r1(l.from.y ?? 0)}H${r1(l.to.x ?? 0)}`).join("");
}

/** The grid from its `d`. */
export function GridShape({ d }: { d: string }) {
  return <path d={d} stroke={GRID_COLOUR} fill="none" shapeRendering="crispEdges" />;
}

/** GridRows' lines as one path (pass as its children). */
export function GridPath({ lines }: { lines: { from: { x?: number; y?: number }; to: { x?: number; y?: number } }[] }) {
  return <GridShape d={gridPathD(lines)} />;
}
