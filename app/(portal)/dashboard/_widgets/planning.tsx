/**
 * Planned versus actual (issue 17 §3): per plan the counts, the forecast that combines plans with
 * the observed pace, and the institutions whose plan slipped or lies after 31-12-2026.
 */
import { getTranslations } from "@/lib/i18n/translations";
import type { PlanningListRow } from "@/lib/planning/view";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

const LIST_MAX = 25;

export async function Planning({ ctx }: { ctx: DashboardContext }) {
  const t = await getTranslations("planning");
  const { m, fd, num, vendorName } = ctx;
  const p = m.planning;
  const f = p.forecast;
  const list = (rows: PlanningListRow[], id: string, label: string) => (
    <>
      <DataTable
        label={label}
        id={id}
        head={[t("institution"), t("vendor"), t("plan"), t("planned_on"), t("first_planned_on"), t("status"), t("slips")]}
        rows={rows.slice(0, LIST_MAX).map((r) => ({
          key: `${r.institutionId}-${r.key}`,
          testId: `plan-row-${r.institutionId}-${r.key}`,
          header: { href: `/institutions/${r.institutionId}`, text: r.name },
          cells: [vendorName(r.vendorCode), t(`keys.${r.key}`), r.plannedOn ? fd(r.plannedOn) : "—", r.firstPlannedOn ? fd(r.firstPlannedOn) : "—", t(`statuses.${r.status}`), t("slip_text", { slips: r.slips, days: r.slipDays })],
        }))}
        rowHeader="strong"
      />
      {rows.length > LIST_MAX && <p className="muted">{t("more", { count: num(rows.length - LIST_MAX) })}</p>}
    </>
  );
  return (
    <section className="card widget" aria-labelledby="pl-h" data-testid="planning-widget">
      <h2 id="pl-h">{t("dash_title")}</h2>
      <p className="muted">{t("dash_intro", { date: fd(m.day) })}</p>
      <DataTable
        label={t("dash_title")}
        head={[t("plan"), t("col_planned"), t("col_due"), t("col_done"), t("col_on_time"), t("col_overdue"), t("col_slipped"), t("col_after_deadline")]}
        rows={p.figures.map((x) => ({
          key: x.key,
          testId: `plan-figures-${x.key}`,
          header: t(`keys.${x.key}`),
          cells: [num(x.planned), num(x.due), num(x.done), num(x.doneOnTime), num(x.overdue), num(x.slipped), num(x.afterDeadline)],
        }))}
      />
      <h3 id="pl-f-h">{t("forecast_title")}</h3>
      <p className="muted">{t("forecast_intro", { pace: num(m.forecast.pacePerWeek) })}</p>
      <dl className="kv" data-testid="plan-forecast">
        <dt>{t("f_plans", { date: fd(m.targetDate) })}</dt>
        <dd>{num(f.plansOnlyByTarget)}</dd>
        <dt>{t("f_pace", { date: fd(m.targetDate) })}</dt>
        <dd>{num(f.paceOnlyByTarget)}</dd>
        <dt>{t("f_combined", { date: fd(m.targetDate) })}</dt>
        <dd>
          <strong>{num(f.combinedByTarget)}</strong> / {num(m.targetCount)}
        </dd>
        <dt>{t("f_combined_date", { target: num(m.targetCount) })}</dt>
        <dd>{f.combinedDate ? fd(f.combinedDate) : t("f_never")}</dd>
        <dt>{t("f_overdue")}</dt>
        <dd>{num(f.overdue)}</dd>
        <dt>{t("f_after", { date: fd(m.targetDate) })}</dt>
        <dd>{num(f.plannedAfterTarget)}</dd>
        <dt>{t("f_unplanned")}</dt>
        <dd>{num(f.unplanned)}</dd>
      </dl>
      <h3 id="pl-s-h">{t("slipped_title", { count: num(p.slippedInstitutions) })}</h3>
      {p.slipped.length === 0 ? <p>{t("slipped_none")}</p> : list(p.slipped, "pl-slipped", t("slipped_title", { count: num(p.slippedInstitutions) }))}
      <h3 id="pl-a-h">{t("after_title", { count: num(p.afterDeadlineInstitutions) })}</h3>
      {p.afterDeadline.length === 0 ? <p>{t("after_none")}</p> : list(p.afterDeadline, "pl-after", t("after_title", { count: num(p.afterDeadlineInstitutions) }))}
    </section>
  );
}
