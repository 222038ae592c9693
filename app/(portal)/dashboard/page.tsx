/**
 * The programme dashboard's overview: where the programme stands (headline figures, funnel,
 * preconditions, milestones, burn-up and forecast, plans) and the exports. Its other views —
 * what needs attention (./attention) and the network and vendors (./network) — share the same
 * start (./_widgets/view.ts) and tabs; each widget has its own texts via getTranslations and
 * tables via the shared DataTable.
 *
 * Three views rather than one page: everything on one page was ~111 KB of HTML and seventeen
 * sections, which cost ~2.5–3.6 × the framework's own cost of a 130-row page to serve on every
 * visit (issue 21 §3); each view is about a third of that.
 */
import { MyWorkPanel } from "@/app/_components/my-work";
import { AnnouncementsPanel, preloadAnnouncements } from "@/app/_components/announcements-panel";
import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/translations";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { BurnUp } from "./_widgets/burnup";
import { Controls } from "./_widgets/controls";
import { Exports } from "./_widgets/exports";
import { Funnel } from "./_widgets/funnel";
import { Milestones } from "./_widgets/milestones";
import { Planning } from "./_widgets/planning";
import { Preconditions } from "./_widgets/preconditions";
import { Summary } from "./_widgets/summary";
import { loadDashboardView } from "./_widgets/view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("dashboard") };
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("dashboard.view");
  preloadAnnouncements(actor.userId);
  const { ctx, params, today, qsBase, goLive } = await loadDashboardView(searchParams);
  return (
    <>
      <Controls ctx={ctx} view="overview" qsBase={qsBase} today={today} dateError={params.dateError} weeksError={params.weeksError} />
      <MyWorkPanel actor={actor} />
      <AnnouncementsPanel userId={actor.userId} />
      <Summary ctx={ctx} goLive={goLive.counts} />
      <div className="grid">
        <Funnel ctx={ctx} />
        <Preconditions ctx={ctx} />
      </div>
      <Milestones ctx={ctx} canManage={can(actor, "milestones.manage")} />
      <BurnUp ctx={ctx} showTable={params.table} qsBase={qsBase} />
      <Planning ctx={ctx} />
      <Exports ctx={ctx} qsBase={qsBase} today={today} />
    </>
  );
}
