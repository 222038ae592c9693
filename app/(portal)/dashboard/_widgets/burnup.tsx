/** The burn-up chart, the forecast at the current pace, and the chart's data as a table. */
import { getTranslations } from "@/lib/i18n/translations";
import { chartEnd, clipSeries } from "@/lib/dashboard/series";
import { BurnUpChart, type ChartSeries } from "../burnup-chart";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

const COLORS = { live: "#0b5394", agreements: "#8a4f00", mitz_connected: "#2e7d32", mitz_filled: "#6a1b9a", projection: "#0b5394", required: "#b3261e" };

export async function BurnUp({ ctx, showTable, qsBase }: { ctx: DashboardContext; showTable: boolean; qsBase: string }) {
  const t = await getTranslations("dashboard");
  const { m, drill, fd, num, locale } = ctx;
  const end = chartEnd({ day: m.day, targetDate: m.targetDate });
  const projected = clipSeries({ points: m.forecast.projectedSeries, end });
  const series: ChartSeries[] = [
    { key: "agreements", label: t("series_agreements"), color: COLORS.agreements, points: m.chart.map((p) => ({ date: p.date, count: p.agreements })) },
    { key: "mitz_connected", label: t("series_mitz_connected"), color: COLORS.mitz_connected, points: m.chart.map((p) => ({ date: p.date, count: p.mitz_connected })) },
    { key: "mitz_filled", label: t("series_mitz_filled"), color: COLORS.mitz_filled, points: m.chart.map((p) => ({ date: p.date, count: p.mitz_filled })) },
    { key: "live", label: t("series_live"), color: COLORS.live, width: 3, points: m.chart.map((p) => ({ date: p.date, count: p.live })) },
    ...(projected.length > 1 ? [{ key: "projection", label: t("series_projection"), color: COLORS.projection, dashed: true, points: projected }] : []),
    ...(m.forecast.requiredSeries.length > 1 ? [{ key: "required", label: t("series_required"), color: COLORS.required, dashed: true, width: 1.5, points: m.forecast.requiredSeries }] : []),
  ];
  return (
    <section className="card widget" aria-labelledby="bu-h">
      <h2 id="bu-h">{t("burnup")}</h2>
      <p className="muted">{t("burnup_intro", { weeks: m.windowWeeks })}</p>
      <BurnUpChart series={series} target={m.targetCount} targetDate={m.targetDate} label={t("chart_label")} titleId="burnup-title" locale={locale} />
      <h3>{t("forecast")}</h3>
      <dl className="kv" data-testid="forecast">
        <dt>{t("live")}</dt>
        <dd>
          <a href={drill({ live: true })}>{num(m.forecast.currentCount)}</a> {t("of_target", { target: num(m.targetCount) })}
        </dd>
        <dt>{t("remaining")}</dt>
        <dd>{num(m.forecast.remaining)}</dd>
        <dt>{t("pace", { weeks: m.windowWeeks })}</dt>
        <dd>{t("per_week", { n: num(m.forecast.pacePerWeek) })}</dd>
        <dt>{t("projected", { target: num(m.targetCount) })}</dt>
        <dd>{m.forecast.projectedDate ? fd(m.forecast.projectedDate) : t("projected_none", { weeks: m.windowWeeks })}</dd>
        <dt>{t("needed", { date: fd(m.targetDate) })}</dt>
        <dd>{m.forecast.requiredPerWeek === null ? t("needed_none") : t("per_week", { n: num(m.forecast.requiredPerWeek) })}</dd>
        <dt>{t("status")}</dt>
        <dd>
          <span className="tag">{m.forecast.onTrack ? t("on_track") : t("off_track")}</span>
        </dd>
      </dl>
      {!showTable ? (
        <p>
          <a href={`/dashboard?${qsBase}&table=1#burnup-table`}>{t("table_toggle")}</a>
        </p>
      ) : (
        <DataTable
          label={t("burnup")}
          id="burnup-table"
          caption={t("burnup")}
          head={[t("week"), t("series_live"), t("series_agreements"), t("series_mitz_connected"), t("series_mitz_filled")]}
          rows={m.chart.map((p) => ({ key: p.date, header: fd(p.date), cells: [p.live, p.agreements, p.mitz_connected, p.mitz_filled] }))}
        />
      )}
    </section>
  );
}
