"use client";
/** Response time per hour, drawn with visx (the charting library the dashboard uses); the data is also in a table. */
import { AxisBottom, AxisLeft } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear, scaleUtc } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { useLocale, useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/domain/intl";

const W = 880;
const H = 260;
const M = { top: 12, right: 20, bottom: 36, left: 56 };

export type LatencyPoint = { hour: string; avgMs: number; maxMs: number | null };

export function LatencyChart({ points, titleId }: { points: LatencyPoint[]; titleId: string }) {
  const t = useTranslations("checker");
  const dateLocale = useLocale() === "en" ? "en-GB" : "nl-NL";
  const xs = points.map((p) => Date.parse(p.hour));
  // One hour of data still gets a readable axis: show at least a 6-hour span.
  const maxX = Math.max(...xs);
  const minX = Math.min(...xs, maxX - 6 * 3_600_000);
  const short = maxX - minX <= 2 * 86_400_000;
  const maxY = Math.max(100, ...points.map((p) => p.maxMs ?? p.avgMs));
  const x = scaleUtc({ domain: [new Date(minX), new Date(maxX)], range: [0, W - M.left - M.right] });
  const y = scaleLinear({ domain: [0, maxY * 1.1], range: [H - M.top - M.bottom, 0], nice: true });
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={titleId} style={{ maxWidth: W, height: "auto", display: "block" }}>
        <title id={titleId}>{t("latency_caption")}</title>
        <Group left={M.left} top={M.top}>
          <GridRows scale={y} width={W - M.left - M.right} stroke="#d5dae1" numTicks={5} />
          <LinePath data={points.filter((p) => p.maxMs !== null)} x={(p) => x(new Date(p.hour))} y={(p) => y(p.maxMs!)} stroke="#8a5a00" strokeWidth={1.5} strokeDasharray="5 4" fill="none" />
          <LinePath data={points} x={(p) => x(new Date(p.hour))} y={(p) => y(p.avgMs)} stroke="#1f5fa8" strokeWidth={2} fill="none" />
          {points.map((p) => (
            <circle key={p.hour} cx={x(new Date(p.hour))} cy={y(p.avgMs)} r={3} fill="#1f5fa8" />
          ))}
          <AxisLeft scale={y} numTicks={5} tickFormat={(v) => `${v} ms`} tickLabelProps={{ fill: "#1f2328", fontSize: 11, textAnchor: "end", dx: -4, dy: 3 }} stroke="#6b7785" tickStroke="#6b7785" />
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
            tickLabelProps={{ fill: "#1f2328", fontSize: 11, textAnchor: "middle" }}
            stroke="#6b7785"
            tickStroke="#6b7785"
          />
        </Group>
      </svg>
      <figcaption aria-hidden="true" style={{ display: "flex", gap: "1rem", marginTop: ".4rem" }}>
        <span>
          <svg width="28" height="10" focusable="false">
            <line x1="0" x2="28" y1="5" y2="5" stroke="#1f5fa8" strokeWidth={2} />
          </svg>{" "}
          {t("latency_avg")}
        </span>
        <span>
          <svg width="28" height="10" focusable="false">
            <line x1="0" x2="28" y1="5" y2="5" stroke="#8a5a00" strokeWidth={1.5} strokeDasharray="5 4" />
          </svg>{" "}
          {t("latency_max")}
        </span>
      </figcaption>
    </figure>
  );
}
