/**
 * What every view of the dashboard starts with (the overview, /dashboard/attention and
 * /dashboard/network), after its own permission check (the first line of each page,
 * `requirePagePermission("dashboard.view")`): the date and pace window from the query, the
 * programme model (lib/dashboard/model, kept while the data is unchanged), and the context the
 * widgets share. Each view asks only for the further reads it shows.
 */
import { connection } from "next/server";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/db/client";
import { goLiveInstant } from "@/lib/dashboard/dto-extras";
import { loadDashboard, loadGoLiveDashboardCached } from "@/lib/dashboard/model";
import { parseDashboardParams, type DashboardParams } from "@/lib/dashboard/params";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { isLocale } from "@/lib/i18n/messages";
import { dashboardContext, type DashboardContext } from "./context";

export type DashboardView = {
  ctx: DashboardContext;
  params: DashboardParams;
  today: string;
  /** The date and pace window as a query string, for links that keep them. */
  qsBase: string;
  goLive: Awaited<ReturnType<typeof loadGoLiveDashboardCached>>;
};

/**
 * `more` is the view's own further read, run alongside the model's (on Postgres the reads
 * overlap); its result comes back as `more`.
 */
export async function loadDashboardView<T = null>(
  searchParams: Promise<Record<string, string | string[] | undefined>>,
  more?: (v: { params: DashboardParams; now: Date }) => Promise<T>,
): Promise<DashboardView & { more: T }> {
  await connection();
  const [t, locale] = await Promise.all([getTranslations("dashboard"), getLocale()]);
  const now = new Date();
  const today = toAmsterdamDate(now);
  const params = parseDashboardParams(await searchParams, today);
  const [m, goLive, extra] = await Promise.all([
    loadDashboard(getDb(), { asOf: params.asOf, now, windowWeeks: params.weeks }),
    // Issue 17: the gate is evaluated at the end of the dashboard's date (or now), like the DTO report.
    loadGoLiveDashboardCached(getDb(), goLiveInstant(params.asOf ?? today, now), now),
    more ? more({ params, now }) : (null as T),
  ]);
  const ctx = dashboardContext(m, isLocale(locale) ? locale : "nl", t("no_vendor"));
  const qsBase = new URLSearchParams({ ...(m.asOf ? { asOf: m.asOf } : {}), weeks: String(m.windowWeeks) }).toString();
  return { ctx, params, today, qsBase, goLive, more: extra };
}
