/**
 * The dashboard's view of what needs attention: per precondition the institutions blocked
 * longest, the reports waiting for verification, live institutions that need a retest or stand on
 * an override, and the open questions.
 */
import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { getTranslations } from "@/lib/i18n/translations";
import { can } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { openQuestionsSummary } from "@/lib/questions/queries";
import { Awaiting } from "../_widgets/awaiting";
import { Blockers } from "../_widgets/blockers";
import { Controls } from "../_widgets/controls";
import { GoLiveAttention } from "../_widgets/golive";
import { OpenQuestions } from "../_widgets/open-questions";
import { loadDashboardView } from "../_widgets/view";

export async function generateMetadata(): Promise<Metadata> {
  const [t, td] = await Promise.all([getTranslations("nav"), getTranslations("dashboard")]);
  return { title: `${td("view_attention")} · ${t("dashboard")}` };
}

export default async function DashboardAttentionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("dashboard.view");
  const { ctx, params, today, qsBase, goLive, more: questions } = await loadDashboardView(searchParams, ({ params }) =>
    // Open questions are about today, not an as-of date.
    params.asOf || !can(actor, "questions.read") ? Promise.resolve(null) : openQuestionsSummary(getDb()),
  );
  return (
    <>
      <Controls ctx={ctx} view="attention" qsBase={qsBase} today={today} dateError={params.dateError} weeksError={params.weeksError} />
      <Blockers ctx={ctx} />
      <Awaiting ctx={ctx} canVerify={can(actor, "step.verify")} />
      <GoLiveAttention ctx={ctx} g={goLive} />
      {questions && <OpenQuestions summary={questions} today={today} />}
    </>
  );
}
