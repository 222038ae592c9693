import { MyWorkPanel } from "@/app/_components/my-work";
/**
 * The programme dashboard: one data load (lib/dashboard/model), then one widget per section
 * (./_widgets, each with its own texts via getTranslations and tables via the shared DataTable).
 */
import { AnnouncementsPanel } from "@/app/_components/announcements-panel";
import type { Metadata } from "next";
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { goLiveInstant } from "@/lib/dashboard/dto-extras";
import { loadDashboard, loadGoLiveDashboardCached, loadNetworkHealth } from "@/lib/dashboard/model";
import { parseDashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { isLocale } from "@/lib/i18n/messages";
import { Awaiting } from "./_widgets/awaiting";
import { Blockers } from "./_widgets/blockers";
import { OpenQuestions } from "./_widgets/open-questions";
import { openQuestionsSummary } from "@/lib/questions/queries";
import { BurnUp } from "./_widgets/burnup";
import { dashboardContext } from "./_widgets/context";
import { Controls } from "./_widgets/controls";
import { CountCard } from "./_widgets/count-card";
import { Exports } from "./_widgets/exports";
import { Funnel } from "./_widgets/funnel";
import { Exchanging, GoLiveAttention } from "./_widgets/golive";
import { Milestones } from "./_widgets/milestones";
import { Network } from "./_widgets/network";
import { Planning } from "./_widgets/planning";
import { Preconditions } from "./_widgets/preconditions";
import { Summary } from "./_widgets/summary";
import { Vendors } from "./_widgets/vendors";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("dashboard") };
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("dashboard.view");
  await connection();
  const [t, locale] = await Promise.all([getTranslations("dashboard"), getLocale()]);
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(await searchParams, today);
  const [m, network, goLive, questions] = await Promise.all([
    loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks }),
    params.asOf ? null : loadNetworkHealth(getDb(), now),
    // Issue 17: the gate is evaluated at the end of the dashboard's date (or now), like the DTO report.
    loadGoLiveDashboardCached(getDb(), goLiveInstant(params.asOf ?? today, now), now),
    // Open questions are about today, not an as-of date.
    params.asOf || !can(actor, "questions.read") ? null : openQuestionsSummary(getDb()),
  ]);
  const ctx = dashboardContext(m, isLocale(locale) ? locale : "nl", t("no_vendor"));
  const qsBase = new URLSearchParams({ ...(m.asOf ? { asOf: m.asOf } : {}), weeks: String(m.windowWeeks) }).toString();

  return (
    <>
      <Controls ctx={ctx} today={today} dateError={Boolean(params.dateError)} weeksError={Boolean(params.weeksError)} />
      <MyWorkPanel actor={actor} />
      <AnnouncementsPanel userId={actor.userId} />
      <Summary ctx={ctx} goLive={goLive.counts} />
      <div className="grid">
        <Funnel ctx={ctx} />
        <Preconditions ctx={ctx} />
      </div>
      <Milestones ctx={ctx} canManage={can(actor, "milestones.manage")} />
      <BurnUp ctx={ctx} showTable={Boolean(params.table)} qsBase={qsBase} />
      <Planning ctx={ctx} />
      <Blockers ctx={ctx} />
      {questions && <OpenQuestions summary={questions} today={today} />}
      <Awaiting ctx={ctx} canVerify={can(actor, "step.verify")} />
      <GoLiveAttention ctx={ctx} g={goLive} />
      <Exchanging ctx={ctx} g={goLive} canUpload={can(actor, "exchange.report")} />
      <Vendors ctx={ctx} goLive={goLive.counts} />
      <Network ctx={ctx} network={network} />
      <div className="grid">
        <CountCard ctx={ctx} by="kind" />
        <CountCard ctx={ctx} by="province" />
      </div>
      <Exports ctx={ctx} qsBase={qsBase} today={today} />
    </>
  );
}
