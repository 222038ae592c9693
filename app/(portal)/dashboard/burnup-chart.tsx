/**
 * The burn-up chart: visx computes the scales, the ticks and the grid lines here, on the server;
 * ./burnup-svg.tsx draws them from plain data (no chart library in the browser, and no SVG
 * elements in the RSC payload). The same data is available as a table (dashboard?table=1) for
 * screen readers and for copying.
 *
 * The axes are drawn compactly (app/_components/chart-axes.tsx: one path each and a bare <text>
 * per label, coordinates to 0.1 px) instead of with visx's own elements, which spent ~500 bytes
 * of markup per tick.
 */
import { coerceNumber, getTicks, scaleLinear, scaleUtc } from "@visx/scale";
import type { Locale } from "@/lib/i18n/messages";
import { BOTTOM_LABELS, LEFT_LABELS, axisDrawing, gridPathD, leftAxisRoom, r1 } from "@/app/_components/chart-axes";
import { BurnUpSvg, type BurnUpDrawing, type DrawnLine } from "./burnup-svg";

export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean; width?: number; points: { date: string; count: number }[] };
export type BurnUpProps = { series: ChartSeries[]; target: number; targetDate: string; label: string; titleId: string; locale: Locale };

const W = 880;
const H = 340;
const M = { top: 16, right: 24, bottom: 40 };
/** visx's tick length. */
const TICK = 8;
const LEFT_TICKS = 6;
const BOTTOM_TICKS = 8;
const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
/** Axis months in the page's language: "mrt 26" / "Mar 26". */
const MONTH_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat("nl-NL", { month: "short", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" }),
};

/** The chart as plain data: positions to 0.1 px, ticks and labels where visx's axes put them. */
export function burnUpDrawing({ series, target, targetDate, label, titleId, locale }: BurnUpProps): BurnUpDrawing {
  const all = series.flatMap((s) => s.points);
  const dates = all.map((p) => toDate(p.date).getTime());
  const minX = Math.min(...dates);
  const maxX = Math.max(...dates, toDate(targetDate).getTime());
  const maxY = Math.max(target, ...all.map((p) => p.count), 1);
  const plotHeight = H - M.top - M.bottom;
  const y = scaleLinear({ domain: [0, Math.ceil(maxY * 1.05)], range: [plotHeight, 0], nice: true });
  const yTicks = getTicks(y, LEFT_TICKS);
  const yFormat = y.tickFormat();
  const left = leftAxisRoom(yTicks.map((v) => yFormat(v)), 48);
  const plotWidth = W - left - M.right;
  const x = scaleUtc({ domain: [new Date(minX), new Date(maxX)], range: [0, plotWidth] });
  const xAt = (date: string) => r1(x(toDate(date)));
  const xTicks = getTicks(x, BOTTOM_TICKS);

  // The series on the weekly dates share one row of x positions; others carry their own points.
  const shared = series[0]?.points.map((p) => p.date) ?? [];
  const lines: DrawnLine[] = series.map((s) => {
    const style = { key: s.key, label: s.label, color: s.color, width: s.width ?? 2, dashed: Boolean(s.dashed) };
    const onShared = s.points.length === shared.length && s.points.every((p, i) => p.date === shared[i]);
    return onShared ? { ...style, ys: s.points.map((p) => r1(y(p.count))) } : { ...style, pts: s.points.flatMap((p) => [xAt(p.date), r1(y(p.count))]) };
  });

  // As visx's Axis places them: the axis line from the range's start to its end, offset by half
  // a pixel; a tick mark TICK px long, outwards (left: to the left; bottom: down).
  const [yFrom, yTo] = [y.range()[0], y.range()[1]];
  const leftAxis = axisDrawing(
    LEFT_LABELS,
    yTicks.map((v) => {
      const at = coerceNumber(y(v));
      return { from: { x: 0, y: at }, to: { x: -TICK, y: at }, formattedValue: yFormat(v) };
    }),
    { x: 0, y: yFrom + 0.5 },
    { x: 0, y: yTo + 0.5 },
  );
  const bottomAxis = axisDrawing(
    BOTTOM_LABELS,
    xTicks.map((v) => {
      const at = coerceNumber(x(v));
      const d = v instanceof Date ? v : new Date(Number(v));
      return { from: { x: at, y: 0 }, to: { x: at, y: TICK }, formattedValue: `${MONTH_FORMATS[locale].format(d)} ${String(d.getUTCFullYear()).slice(2)}` };
    }),
    { x: 0.5, y: 0 },
    { x: plotWidth + 0.5, y: 0 },
  );

  return {
    width: W,
    height: H,
    left,
    top: M.top,
    plotWidth,
    plotHeight,
    titleId,
    label,
    grid: gridPathD(yTicks.map((v) => ({ from: { x: 0, y: coerceNumber(y(v)) }, to: { x: plotWidth, y: coerceNumber(y(v)) } }))),
    targetX: xAt(targetDate),
    targetY: r1(y(target)),
    xs: shared.map(xAt),
    lines,
    leftAxis,
    bottomAxis,
  };
}

export function BurnUpChart(props: BurnUpProps) {
  return <BurnUpSvg drawing={burnUpDrawing(props)} />;
}
