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

/** An axis as one path (its line and tick marks) and its labels, positioned as visx places them. */
function compactAxis(label: { dx: number; dy: number; anchor: "end" | "middle" }) {
  return function CompactAxis<Scale extends AxisScale>({ ticks, axisFromPoint, axisToPoint }: AxisRendererProps<Scale>) {
    const d = [`M${r1(axisFromPoint.x)} ${r1(axisFromPoint.y)}L${r1(axisToPoint.x)} ${r1(axisToPoint.y)}`, ...ticks.map((t) => `M${r1(t.from.x)} ${r1(t.from.y)}L${r1(t.to.x)} ${r1(t.to.y)}`)].join("");
    return (
      <>
        <path d={d} stroke={AXIS_COLOUR} fill="none" shapeRendering="crispEdges" />
        <g {...LABEL} textAnchor={label.anchor}>
          {ticks.map((t) => (
            <text key={t.index} x={r1(t.to.x + label.dx)} y={r1(t.to.y + label.dy)}>
              {t.formattedValue}
            </text>
          ))}
        </g>
      </>
    );
  };
}
/** Left: 4 px left of the tick's end, 3 px down (centred on it). */
export const LeftAxis = compactAxis({ dx: -LEFT_GAP, dy: 3, anchor: "end" });
/** Bottom: visx's label offset below the tick (the font size) plus its 0.25 em. */
export const BottomAxis = compactAxis({ dx: 0, dy: FONT_SIZE + FONT_SIZE / 4, anchor: "middle" });

/** GridRows' lines as one path (pass as its children). */
export function GridPath({ lines }: { lines: { from: { x?: number; y?: number }; to: { x?: number; y?: number } }[] }) {
  return <path d={lines.map((l) => `M${r1(l.from.x ?? 0)} ${r1(l.from.y ?? 0)}H${r1(l.to.x ?? 0)}`).join("")} stroke={GRID_COLOUR} fill="none" shapeRendering="crispEdges" />;
}
