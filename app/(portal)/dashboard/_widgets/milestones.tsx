/** The programme's milestones: target, actual count, status and the plain-language explanation. */
import { getTranslations } from "@/lib/i18n/translations";
import type { DashboardModel } from "@/lib/dashboard/model";
import { milestoneStatusText, renderMilestoneExplanation, type Milestone, type MilestoneEvaluation } from "@/lib/domain/milestones";
import { filterQuery } from "@/lib/institutions/filters";
import type { DashboardContext } from "./context";
import { DataTable } from "@/app/_components/data-table";

export async function Milestones({ ctx, canManage }: { ctx: DashboardContext; canManage: boolean }) {
  const t = await getTranslations("dashboard");
  const { m, fd, num, locale } = ctx;
  return (
    <section className="card widget" aria-labelledby="ms-h">
      <h2 id="ms-h">{t("milestones")}</h2>
      <DataTable
        label={t("milestones")}
        head={[t("milestone"), t("date"), t("target"), t("actual"), t("status"), t("explanation")]}
        rows={m.milestones.map((e) => ({
          key: e.code,
          testId: `milestone-${e.code}`,
          cells: [
            e.title[locale],
            fd(e.date),
            e.target === null ? <span className="muted">{t("manual")}</span> : num(e.target),
            e.actual === null ? "—" : { href: milestoneHref(e, m.milestoneDefs.find((d) => d.code === e.code)!, m), text: num(e.actual) },
            <span className="tag">{milestoneStatusText(e.status, locale)}</span>,
            renderMilestoneExplanation(e.explanation, locale),
          ],
        }))}
      />
      {canManage && (
        <p>
          <a href="/admin/milestones">{t("edit_milestones")}</a>
        </p>
      )}
    </section>
  );
}

function milestoneHref(e: MilestoneEvaluation, def: Milestone, m: DashboardModel): string {
  const passed = e.daysToDate < 0;
  const date = passed ? e.date : m.day;
  const asOf = date < m.today ? date : undefined;
  const metric = def.metric;
  // A count of infrastructures, not of institutions: the vendor table shows which ones.
  if (metric.kind === "infrastructures_live") return "#vd-h";
  const vendor = "vendors" in metric && metric.vendors && metric.vendors.length === 1 ? metric.vendors[0] : undefined;
  if (metric.kind === "institutions_precondition_met") return `/institutions?${filterQuery({ met: metric.precondition, vendor, asOf })}`;
  return `/institutions?${filterQuery({ live: true, vendor, asOf })}`;
}
