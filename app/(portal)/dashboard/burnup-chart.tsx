/**
 * The burn-up chart, drawn with visx as SVG on the server only (a server component: no chart
 * data shipped to the browser, nothing to hydrate). The same data is available as a table
 * (dashboard?table=1) for screen readers and for copying.
 *
 * visx computes the scales, the ticks, the grid lines and the lines; they are drawn compactly
 * (app/_components/chart-axes.tsx) instead of with visx's own elements, which spent ~500 bytes of
 * markup per tick and more again in the RSC payload: the SVG went from ~14 to ~6 KB of HTML, and
 * the payload shrank by more than that.
 */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { LinePath } from "@visx/shape";
import type { Locale } from "@/lib/i18n/messages";
import { AXIS_COLOUR, BottomAxis, GridPath, LeftAxis, leftAxisRoom, r1 } from "@/app/_components/chart-axes";

export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean; width?: number; points: { date: string; count: number }[] };

const W = 880;
const H = 340;
const M = { top: 16, right: 24, bottom: 40 };
const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
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
  const y = scaleLinear({ domain: [0, Math.ceil(maxY * 1.05)], range: [H - M.top - M.bottom, 0], nice: true });
  const left = leftAxisRoom(y.ticks(6).map(String), 48);
  const x = scaleUtc({ domain: [new Date(minX), new Date(maxX)], range: [0, W - left - M.right] });
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: W, height: "auto", display: "block" }}>
        <title id={titleId}>{label}</title>
        <Group left={left} top={M.top}>
          <GridRows scale={y} width={W - left - M.right} numTicks={6}>
            {GridPath}
          </GridRows>
          <line x1={x(toDate(targetDate))} x2={x(toDate(targetDate))} y1={0} y2={H - M.top - M.bottom} stroke={AXIS_COLOUR} strokeDasharray="2 4" />
          <line x1={0} x2={W - left - M.right} y1={y(target)} y2={y(target)} stroke={AXIS_COLOUR} strokeDasharray="2 4" />
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
