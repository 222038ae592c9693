/**
 * The burn-up chart, drawn with visx as SVG on the server only (a server component: no chart
 * data shipped to the browser, nothing to hydrate). The same data is available as a table
 * (dashboard?table=1) for screen readers and for copying.
 *
 * visx computes the scales, the ticks, the grid lines and the lines; they are drawn compactly
 * (the grid, the axis lines and the tick marks as one path each, a bare <text> per label,
 * coordinates to 0.1 px) instead of with visx's own elements, which spent ~500 bytes of markup per
 * tick and more again in the RSC payload: the SVG went from ~14 to ~6 KB of HTML, and the payload
 * shrank by more than that.
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { Locale } from "@/lib/i18n/messages";
import type { AxisRendererProps, AxisScale } from "@visx/axis";

export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean; width?: number; points: { date: string; count: number }[] };

const W = 880;
const H = 340;
const M = { top: 16, right: 24, bottom: 40, left: 48 };
const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
/** Coordinates to 0.1 px: finer than a screen shows, and a third of the bytes of a full double. */
const r1 = (n: number) => Math.round(n * 10) / 10;
const AXIS = "#6b7785";
const LABEL = { fill: "#1f2328", fontSize: 11, fontFamily: "Arial" } as const;

/** An axis as one path (its line and tick marks) and its labels, positioned as visx places them. */
function compactAxis(label: { dx: number; dy: number; anchor: "end" | "middle" }) {
  return function CompactAxis<Scale extends AxisScale>({ ticks, axisFromPoint, axisToPoint }: AxisRendererProps<Scale>) {
    const d = [`M${r1(axisFromPoint.x)} ${r1(axisFromPoint.y)}L${r1(axisToPoint.x)} ${r1(axisToPoint.y)}`, ...ticks.map((t) => `M${r1(t.from.x)} ${r1(t.from.y)}L${r1(t.to.x)} ${r1(t.to.y)}`)].join("");
    return (
      <>
        <path d={d} stroke={AXIS} fill="none" shapeRendering="crispEdges" />
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
const LeftAxis = compactAxis({ dx: -4, dy: 3, anchor: "end" });
/** Bottom: visx's label offset below the tick (fontSize) plus its 0.25em. */
const BottomAxis = compactAxis({ dx: 0, dy: 11 + 2.75, anchor: "middle" });
/** Axis months in the page's language: "mrt 26" / "Mar 26". */
const MONTH_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }),
};

export function BurnUpChart({ series, target, targetDate, label, titleId, locale }: { series: ChartSeries[]; target: number; targetDate: string; label: string; titleId: string; locale: Locale }) {
  const all = series.flatMap((s) => s.points);
  const dates = all.map((p) => toDate(p.date).getTime());
  const minX = Math.min(...dates);
  const maxX = Math.max(...dates, toDate(targetDate).getTime());
  const maxY = Math.max(target, ...all.map((p) => p.count), 1);
  const x = scaleUtc({ domain: [new Date(minX), new Date(maxX)], range: [0, W - M.left - M.right] });
  const y = scaleLinear({ domain: [0, Math.ceil(maxY * 1.05)], range: [H - M.top - M.bottom, 0], nice: true });
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: W, height: "auto", display: "block" }}>
        <title id={titleId}>{label}</title>
        <Group left={M.left} top={M.top}>
          <GridRows scale={y} width={W - M.left - M.right} numTicks={6}>
            {({ lines }) => <path d={lines.map((l) => `M${r1(l.from.x ?? 0)} ${r1(l.from.y ?? 0)}H${r1(l.to.x ?? 0)}`).join("")} stroke="#d5dae1" fill="none" shapeRendering="crispEdges" />}
          </GridRows>
          <line x1={x(toDate(targetDate))} x2={x(toDate(targetDate))} y1={0} y2={H - M.top - M.bottom} stroke={AXIS} strokeDasharray="2 4" />
          <line x1={0} x2={W - M.left - M.right} y1={y(target)} y2={y(target)} stroke={AXIS} strokeDasharray="2 4" />
          {series.map((s) => (
            <LinePath
              key={s.key}
              data={s.points}
              x={(p) => r1(x(toDate(p.date)))}
              y={(p) => r1(y(p.count))}
              stroke={s.color}
              strokeWidth={s.width ?? 2}
              strokeDasharray={s.dashed ? "6 4" : undefined}
              fill="none"
            />
          ))}
          <AxisLeft scale={y} numTicks={6}>
            {LeftAxis}
          </AxisLeft>
          <AxisBottom
            top={H - M.top - M.bottom}
            scale={x}
            numTicks={8}
            tickFormat={(v) => {
              const d = v instanceof Date ? v : new Date(Number(v));
              return `${MONTH_FORMATS[locale].format(d)} ${String(d.getUTCFullYear()).slice(2)}`;
            }}
          >
            {BottomAxis}
          </AxisBottom>
        </Group>
      </svg>
      <figcaption>
        <ul className="plain legend" aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", gap: "1rem", marginTop: ".5rem" }}>
          {series.map((s) => (
            <li key={s.key} style={{ display: "flex", alignItems: "center", gap: ".35rem" }}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line x1="0" x2="28" y1="5" y2="5" stroke={s.color} strokeWidth={s.width ?? 2} strokeDasharray={s.dashed ? "6 4" : undefined} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
